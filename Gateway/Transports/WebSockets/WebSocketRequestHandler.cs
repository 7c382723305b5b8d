using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using LiveDash.Gateway.Auth;
using LiveDash.Gateway.Push;
using LiveDash.Grains;
using LiveDash.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveDash.Gateway.Transports.WebSockets;

/// <summary>
/// Carries out one client request of a WebSocket connection and returns the reply to send, if any.
/// Singleton and stateless: the connection's state is its <see cref="PushConnection"/>.
/// </summary>
/// <remarks>
/// Replies: <c>ack</c> when the request had an <c>id</c> and succeeded (a command's ack means the change
/// is durable); <c>error</c> (with the id when there was one) when it failed; <c>pong</c> for a ping.
/// A command's board update reaches subscribers through the board's stream like any other change.
/// </remarks>
internal sealed class WebSocketRequestHandler
{
    private static readonly JsonTypeInfo<BoardCommand> s_commandType = CreateCommandType();

    private readonly IClusterClient _cluster;
    private readonly ScoreboardGrainOptions _boardOptions;
    private readonly ILogger _logger;

    /// <summary>Creates the handler.</summary>
    public WebSocketRequestHandler(IClusterClient cluster, IOptions<ScoreboardGrainOptions> boardOptions, ILogger<WebSocketRequestHandler> logger)
    {
        _cluster = cluster;
        _boardOptions = boardOptions.Value;
        _logger = logger;
    }

    /// <summary>Carries out <paramref name="message"/> for <paramref name="connection"/>.</summary>
    /// <param name="message">The request.</param>
    /// <param name="connection">The connection's hub side.</param>
    /// <param name="grant">What the connection's credentials allow.</param>
    /// <param name="cancellationToken">Cancelled when the connection ends.</param>
    /// <returns>The reply, or null when none is due.</returns>
    public async ValueTask<ReadOnlyMemory<byte>?> HandleAsync(ClientMessage message, PushConnection connection, AccessGrant grant, CancellationToken cancellationToken)
    {
        switch (message.Op)
        {
            case ClientOp.Ping:
                return ServerMessages.Pong(message.Id);
            case ClientOp.Subscribe:
                return await SubscribeAsync(message, connection, cancellationToken).ConfigureAwait(false);
            case ClientOp.Unsubscribe:
                connection.Unsubscribe(message.Topics);
                return Acknowledge(message.Id);
            case ClientOp.Command:
                return await CommandAsync(message, grant, cancellationToken).ConfigureAwait(false);
            default:
                return ServerMessages.Error(message.Id, message.ErrorCode ?? WebSocketErrorCodes.BadRequest, message.ErrorMessage ?? "The message cannot be understood.");
        }
    }

    /// <summary>Reads a command object as a <see cref="BoardCommand"/>; null and a reason when it is not one.</summary>
    internal static BoardCommand? ReadCommand(ReadOnlySpan<byte> json, out string? problem)
    {
        BoardCommand? command;
        try
        {
            command = JsonSerializer.Deserialize(json, s_commandType);
        }
        catch (JsonException exception)
        {
            problem = "The command is not a board command ({\"batchId\"?, \"title\"?, \"set\"?, \"add\"?} with integer scores): " + exception.Message;
            return null;
        }

        if (command is null || (command.Title is null && command.Set is not { Count: > 0 } && command.Add is not { Count: > 0 }))
        {
            problem = "The command changes nothing; send a title, set or add.";
            return null;
        }

        problem = null;
        return command;
    }

    // The cast matters: a bare null would convert to an empty ReadOnlyMemory (from a null array), not to "no reply".
    private static ReadOnlyMemory<byte>? Acknowledge(string? id) => id is null ? (ReadOnlyMemory<byte>?)null : ServerMessages.Ack(id);

    private static async Task<ReadOnlyMemory<byte>?> SubscribeAsync(ClientMessage message, PushConnection connection, CancellationToken cancellationToken)
    {
        // A cursor that does not parse counts as absent (PushCursor): the client gets snapshots.
        var cursor = PushCursor.TryParse(message.Cursor, out var parsed) ? parsed : null;
        var result = await connection.SubscribeAsync(message.Topics, cursor, cancellationToken).ConfigureAwait(false);
        if (result.Succeeded)
        {
            return Acknowledge(message.Id);
        }

        var code = result.Status switch
        {
            SubscribeStatus.UnknownTopic => WebSocketErrorCodes.UnknownTopic,
            SubscribeStatus.TooManyTopics => WebSocketErrorCodes.TooManyTopics,
            _ => WebSocketErrorCodes.Unavailable,
        };
        return ServerMessages.Error(message.Id, code, result.Detail ?? "The subscription failed.");
    }

    private async Task<ReadOnlyMemory<byte>?> CommandAsync(ClientMessage message, AccessGrant grant, CancellationToken cancellationToken)
    {
        if ((grant.Scopes & AccessScope.Ingest) == 0)
        {
            return ServerMessages.Error(message.Id, WebSocketErrorCodes.Forbidden,
                "Commands need the ingest scope: open the WebSocket with a ticket issued to an ingest key.");
        }

        var topic = message.Topic;
        if (topic.Kind != TopicKind.Board)
        {
            return ServerMessages.Error(message.Id, WebSocketErrorCodes.InvalidCommand,
                $"Commands apply to board topics ('{Topic.BoardPrefix}<id>'); '{topic}' is not one.");
        }

        var command = ReadCommand(message.Command.Span, out var problem);
        if (command is null)
        {
            return ServerMessages.Error(message.Id, WebSocketErrorCodes.InvalidCommand, problem!);
        }

        try
        {
            BoardCommandValidator.Validate(command, _boardOptions);
            await _cluster.GetGrain<IScoreboardGrain>(topic.Name).ApplyAsync(command, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidGrainInputException exception)
        {
            return ServerMessages.Error(message.Id, WebSocketErrorCodes.InvalidCommand, exception.Reason + ". Nothing was applied.");
        }
        catch (BoardEntryLimitExceededException exception)
        {
            return ServerMessages.Error(message.Id, WebSocketErrorCodes.InvalidCommand, exception.Message);
        }
        catch (RemoteGrainException exception) when (IsInputError(exception.RemoteType))
        {
            // Thrown on another silo: the type could not be recreated here, its message was kept.
            var prefix = exception.RemoteType + ": ";
            var text = exception.Message.StartsWith(prefix, StringComparison.Ordinal) ? exception.Message[prefix.Length..] : exception.Message;
            return ServerMessages.Error(message.Id, WebSocketErrorCodes.InvalidCommand, text);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            WebSocketLog.CommandFailed(_logger, topic, exception);
            return ServerMessages.Error(message.Id, WebSocketErrorCodes.Unavailable,
                $"The board's grain did not answer ({exception.GetType().Name}); retry shortly (with a batchId the command is applied at most once).");
        }

        return Acknowledge(message.Id);
    }

    private static bool IsInputError(string remoteType)
        => remoteType == typeof(InvalidGrainInputException).FullName || remoteType == typeof(BoardEntryLimitExceededException).FullName;

    // The grains' source-generated metadata, strict: an unknown or repeated member is an error, not ignored.
    private static JsonTypeInfo<BoardCommand> CreateCommandType()
    {
        var options = new JsonSerializerOptions(GrainsJsonContext.Default.Options)
        {
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            AllowDuplicateProperties = false,
        };
        return (JsonTypeInfo<BoardCommand>)options.GetTypeInfo(typeof(BoardCommand));
    }
}
