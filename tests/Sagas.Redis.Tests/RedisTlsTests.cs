using System.Diagnostics;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Sagas.Redis.Tests;

/// <summary>
/// TLS passes through to StackExchange.Redis: a redis-server that speaks only TLS, with a
/// certificate from a private CA made here, runs a saga when the application trusts that CA.
/// </summary>
public sealed class RedisTlsTests : IAsyncLifetime
{
    private string _folder = "";
    private Process? _server;
    private int _port;
    private X509Certificate2 _authority = null!;

    public async Task InitializeAsync()
    {
        if (RedisFactAttribute.SkipRequested)
        {
            return;
        }

        _folder = Directory.CreateTempSubdirectory("sagas-redis-tls-").FullName;
        _authority = WriteCertificates(_folder);
        _port = RawRedis.FreePort();
        var start = new ProcessStartInfo(RedisServerLocator.Find()) { UseShellExecute = false };
        foreach (var argument in new[]
        {
            "--port", "0", "--tls-port", _port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--tls-cert-file", Path.Combine(_folder, "server.crt"), "--tls-key-file", Path.Combine(_folder, "server.key"),
            "--tls-ca-cert-file", Path.Combine(_folder, "ca.crt"), "--tls-auth-clients", "no",
            "--dir", _folder, "--logfile", Path.Combine(_folder, "redis.log"),
        })
        {
            start.ArgumentList.Add(argument);
        }

        _server = Process.Start(start)!;
        await StreamsApp.EventuallyAsync(() => PortListens(_port) || _server.HasExited, "the TLS server to listen", seconds: 15);
        Assert.False(_server.HasExited, File.ReadAllText(Path.Combine(_folder, "redis.log")));
    }

    public Task DisposeAsync()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill();
            _server.WaitForExit();
        }

        _server?.Dispose();
        if (_folder.Length > 0)
        {
            Directory.Delete(_folder, recursive: true);
        }

        return Task.CompletedTask;
    }

    [RedisFact]
    public async Task A_saga_runs_over_TLS_when_the_application_trusts_the_servers_CA()
    {
        await using var app = await StreamsApp.StartAsync(
            $"127.0.0.1:{_port},ssl=true,sslHost=localhost",
            $"tls-{Guid.NewGuid():N}:",
            redis: o => o.ConfigureConnection = c => c.CertificateValidation += TrustTestAuthority);
        var id = Guid.NewGuid();

        await app.Bus.PublishAsync(new ShipmentRequested(id, OverdueAfterMs: 60_000));
        await app.FinishedAsync(id);
    }

    [RedisFact]
    public async Task Without_trusting_the_CA_the_application_refuses_the_server()
    {
        var exception = await Assert.ThrowsAsync<RedisUnavailableException>(() => StreamsApp.StartAsync(
            $"127.0.0.1:{_port},ssl=true,sslHost=localhost",
            $"tls-{Guid.NewGuid():N}:",
            redis: o => o.ConnectTimeout = TimeSpan.FromSeconds(2)));

        Assert.Contains($"127.0.0.1:{_port}", exception.Message);
    }

    private bool TrustTestAuthority(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false; // a wrong name is never accepted
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.Add(_authority);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return custom.Build(new X509Certificate2(certificate));
    }

    // A CA and a server certificate for localhost/127.0.0.1 signed by it, as PEM files for redis-server.
    private static X509Certificate2 WriteCertificates(string folder)
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=Sagas Test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var authority = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(2));

        using var serverKey = RSA.Create(2048);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var server = serverRequest.Create(authority, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), [1, 2, 3, 4]);

        File.WriteAllText(Path.Combine(folder, "ca.crt"), authority.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "server.crt"), server.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "server.key"), serverKey.ExportPkcs8PrivateKeyPem());
        return authority;
    }

    private static bool PortListens(int port)
    {
        try
        {
            using var client = new System.Net.Sockets.TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }
}
