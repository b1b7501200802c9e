using System.Net.Http.Json;
using System.Text.RegularExpressions;
using GenAuth.Hexagonal.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GenAuth.Hexagonal.DependencyInjection.Tests;

/// <summary>The README's quick start, as written there, in a real ASP.NET Core app against the emulator instead of api.genauth.ai.</summary>
public partial class ReadmeQuickStartTests
{
    [Fact]
    public async Task QuickStart_AsWritten_ServesTheTokenByAppNameAfterOneUpstreamCall()
    {
        await using var emulator = await WechatTokenEmulator.StartAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["GenAuth:Host"] = emulator.BaseAddress.ToString(),
            ["GenAuth:AccessKeyId"] = WechatTokenEmulator.DefaultAccessKeyId,
            ["GenAuth:AccessKeySecret"] = WechatTokenEmulator.DefaultAccessKeySecret,
            ["Wechat:Apps:mini:AppId"] = WechatTokenEmulator.DefaultAppId,
            ["Wechat:Apps:mini:AppSecret"] = WechatTokenEmulator.DefaultAppSecret,
        });

        // README quick start: begin
        builder.Services.AddWechatTokenProvider(builder.Configuration.GetSection("Wechat"))
            .UseGenAuth(builder.Configuration.GetSection("GenAuth"))
            .AddCaching();
        var app = builder.Build();
        app.MapGet("/token-expiry", async (IWechatAppTokenProvider tokens, CancellationToken ct) =>
        {
            var token = await tokens.GetAccessTokenAsync("mini", ct); // cached: one upstream call per token
            return token.ExpiresAt;                                    // token.Value goes to WeChat, never to a log
        });
        // README quick start: end

        await app.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            var first = await http.GetFromJsonAsync<DateTimeOffset>("/token-expiry");
            var second = await http.GetFromJsonAsync<DateTimeOffset>("/token-expiry");

            first.Should().BeAfter(DateTimeOffset.UtcNow.AddHours(1)).And.Be(second);
            emulator.RequestCount("/api/v3/get-weixin-access-token").Should().Be(1);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    [Fact]
    public void QuickStart_InTheReadme_IsTheCodeThisTestRuns()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        var block = QuickStartBlock().Match(readme);
        block.Success.Should().BeTrue("the README has a ```csharp block under '## Quick start'");
        var test = File.ReadAllText(Path.Combine(RepositoryRoot(), "tests", "GenAuth.Hexagonal.DependencyInjection.Tests", "ReadmeQuickStartTests.cs"));
        var marked = test[(test.IndexOf("// README quick start: begin", StringComparison.Ordinal) + 28)..test.IndexOf("// README quick start: end", StringComparison.Ordinal)];

        Code(block.Groups["code"].Value).Should().Equal(Code(marked), "the README shows exactly the code this test compiles and runs");
    }

    /// <summary>The code lines, without comments, indentation or lines that are only comments.</summary>
    private static List<string> Code(string text) =>
        [.. text.Split('\n')
            .Select(line => line.Split("//", 2)[0].Trim())
            .Where(line => line.Length > 0)];

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "GenAuth.Hexagonal.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("GenAuth.Hexagonal.sln not found");
    }

    [GeneratedRegex(@"## Quick start\s+```csharp\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex QuickStartBlock();
}
