using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Xunit;

namespace LiveDash.IntegrationTests.Gateway.Sse;

/// <summary>The stream over HTTP/2, which Kestrel negotiates with ALPN when TLS is configured (DESIGN.md: SSE on HTTP/1.1 and HTTP/2).</summary>
public sealed class SseHttp2Tests : IAsyncLifetime
{
    private GatewayServer? _server;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Stream_OverTlsWithHttp2_NegotiatesHttp2_EventsArrive()
    {
        using var certificate = CreateCertificate();
        _server = await GatewayServer.StartAsync(configure: builder => builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(certificate);
            })));
        Assert.Equal("https", _server.BaseAddress.Scheme);
        await SseStreamTests.AddAsync(_server, "h2", "a", 1);

        using var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                // Only this test's certificate is trusted.
                RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && presented.GetCertHashString() == certificate.GetCertHashString(),
            },
        };
        using var client = new HttpClient(handler) { BaseAddress = _server.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        await using var stream = await SseTestStream.OpenAsync(client, ["board:h2"], version: HttpVersion.Version20);

        Assert.Equal(HttpVersion.Version20, stream.Response.Version);
        Assert.Equal(new SseRetry(TimeSpan.FromSeconds(1)), await stream.NextItemAsync("the retry line"));
        var replica = new TopicReplica("board:h2");
        replica.Apply(await stream.NextTopicEventAsync("the snapshot"));
        var written = await SseStreamTests.AddAsync(_server, "h2", "b", 2);
        await SseStreamTests.ReadUntilAsync(stream, new() { ["board:h2"] = replica }, new() { ["board:h2"] = written.Position.Sequence });
        Assert.Equal(TopicReplica.JsonOf(written.Data), replica.Json);
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        // Through PKCS#12 so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), password: null);
    }
}
