using System.Reflection;
using LiveDash.Runtime;
using LiveDash.Runtime.Invocation;
using LiveDash.Runtime.Messaging.Remote;
using LiveDash.Runtime.Serialization;
using Microsoft.Extensions.Options;
using Xunit;

namespace LiveDash.UnitTests.Runtime.Messaging.Remote;

public sealed class RemoteCallCodecTests
{
    private readonly RemoteCallCodec _codec = new(new RuntimeJsonSerializer(Options.Create(new SerializationOptions())));

    public interface ICodecGrain : IGrainWithStringKey
    {
        Task<List<int>> MixAsync(string name, double value, int[] values, CancellationToken cancellationToken);

        Task NothingAsync();
    }

    [Fact]
    public void Arguments_RoundTrip_WithTheTokenSlotLeftForTheRuntime()
    {
        var method = Method(nameof(ICodecGrain.MixAsync));
        using var token = new CancellationTokenSource();

        int[] values = [1, 2, 3];

        var body = _codec.WriteArguments(method, ["cpu \"load\"", double.NaN, values, token.Token]);
        var arguments = _codec.ReadArguments(method, body);

        Assert.Equal("cpu \"load\"", arguments[0]);
        Assert.True(double.IsNaN((double)arguments[1]!));
        Assert.Equal(values, (int[])arguments[2]!);
        Assert.Equal(CancellationToken.None, arguments[3]);
    }

    [Fact]
    public void TooFewArguments_AreRefusedWithTheMethodName()
    {
        var method = Method(nameof(ICodecGrain.MixAsync));

        var error = Assert.ThrowsAny<Exception>(() => _codec.ReadArguments(method, "[\"x\"]"u8));

        Assert.Contains("ICodecGrain.MixAsync", error.Message);
    }

    [Fact]
    public void Results_RoundTrip_AndNoResultIsEmpty()
    {
        Assert.Equal([4, 5], _codec.ReadResult<List<int>>(_codec.WriteResult(new List<int> { 4, 5 })));
        Assert.Empty(_codec.WriteResult(default(NoResult)));
    }

    [Fact]
    public void KnownException_ComesBackAsTheSameTypeAndMessage()
    {
        var error = RemoteCallCodec.ReadException(RemoteCallCodec.WriteException(new InconsistentStateException("etag 3 is stale")));

        Assert.IsType<InconsistentStateException>(error);
        Assert.Equal("etag 3 is stale", error.Message);
    }

    [Fact]
    public void UnknownException_ComesBackAsRemoteGrainExceptionNamingIt()
    {
        var body = """{"type":"Acme.Billing.QuotaExceededException, Acme.Billing","message":"quota 5 exceeded","stackTrace":"at Acme"}"""u8.ToArray();

        var error = Assert.IsType<RemoteGrainException>(RemoteCallCodec.ReadException(body));

        Assert.Equal("Acme.Billing.QuotaExceededException", error.RemoteType);
        Assert.Contains("quota 5 exceeded", error.Message);
        Assert.Equal("at Acme", error.RemoteStackTrace);
    }

    [Fact]
    public void MethodIds_AreStableAndDistinct()
    {
        var mix = Method(nameof(ICodecGrain.MixAsync));
        var nothing = Method(nameof(ICodecGrain.NothingAsync));

        Assert.NotEqual(mix.Id, nothing.Id);
        Assert.Equal(GrainMethodId.Of(typeof(ICodecGrain).GetMethod(nameof(ICodecGrain.MixAsync))!), mix.Id);
        Assert.Equal(
            "LiveDash.UnitTests.Runtime.Messaging.Remote.RemoteCallCodecTests+ICodecGrain.MixAsync(System.String,System.Double,System.Int32[],System.Threading.CancellationToken)",
            GrainMethodId.SignatureOf(mix.MethodInfo));
    }

    private static GrainMethod Method(string name)
        => GrainInterfaceDescriptor.For(typeof(ICodecGrain)).GetMethod(typeof(ICodecGrain).GetMethod(name, BindingFlags.Public | BindingFlags.Instance)!);
}
