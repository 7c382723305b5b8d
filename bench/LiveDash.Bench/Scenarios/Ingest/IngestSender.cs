using System.Net;
using System.Net.Http.Headers;
using LiveDash.Bench.Measuring;

namespace LiveDash.Bench.Scenarios.Ingest;

/// <summary>
/// Closed-loop HTTP senders of ingest batches: each worker fills a batch from the template (fresh batch
/// id and timestamps), posts it, and counts it when the answer is <c>200</c> with every point accepted.
/// Anything else is counted as a failure and the first one is kept to report.
/// </summary>
internal sealed class IngestSender : IDisposable
{
    // Batch ids are unique across every row of a run (the gateway remembers ids for 10 minutes).
    private static long s_nextBatchId = DateTimeOffset.UtcNow.ToUnixTimeSeconds() * 1_000_000;

    private readonly HttpClient _http;
    private readonly Uri _url;
    private readonly IngestBodyTemplate _template;
    private readonly MediaTypeHeaderValue _contentType;
    private readonly string _accepted;
    private long _failures;
    private string? _firstFailure;

    public IngestSender(Uri url, IngestBodyTemplate template, int connections)
    {
        _url = url;
        _template = template;
        _contentType = MediaTypeHeaderValue.Parse(template.ContentType);
        _accepted = $"\"accepted\":{template.Points}";
        _http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseProxy = false,
        })
        {
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public long Failures => Interlocked.Read(ref _failures);

    public string? FirstFailure => Volatile.Read(ref _firstFailure);

    /// <summary>The loop of one worker of a <see cref="ThroughputMeter"/>.</summary>
    public async Task RunAsync(BenchWorker worker, CancellationToken cancellationToken)
    {
        var buffer = new byte[_template.Length];
        while (worker.IsRunning)
        {
            var batchId = Interlocked.Increment(ref s_nextBatchId);
            _template.Fill(buffer, batchId, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            using var content = new ByteArrayContent(buffer);
            content.Headers.ContentType = _contentType;
            var url = _template.IsJson ? _url : new Uri(_url, "?batchId=" + IngestBodyTemplate.FormatBatchId(batchId));

            var start = worker.BeginOperation();
            string answer;
            HttpStatusCode status;
            try
            {
                using var response = await _http.PostAsync(url, content, cancellationToken);
                status = response.StatusCode;
                answer = await response.Content.ReadAsStringAsync(cancellationToken);
            }
            catch (HttpRequestException exception)
            {
                Fail(exception.Message);
                continue;
            }

            if (status == HttpStatusCode.OK && answer.Contains(_accepted, StringComparison.Ordinal))
            {
                worker.EndOperation(start);
            }
            else
            {
                Fail($"{(int)status} {answer}");
            }
        }
    }

    public void Dispose() => _http.Dispose();

    private void Fail(string what)
    {
        Interlocked.Increment(ref _failures);
        Interlocked.CompareExchange(ref _firstFailure, what.Length > 300 ? what[..300] : what, null);
    }
}
