// A Native AOT app using GenAuth.Hexagonal: configuration from the environment (GenAuth__Host, GenAuth__AccessKeyId,
// GenAuth__AccessKeySecret, Wechat__Apps__mini__AppId, Wechat__Apps__mini__AppSecret), a token by app name, then the
// same token from the cache. Prints the redacted token and the figures run.sh records; exit code 0 only when both calls
// returned the same token.
using System.Diagnostics;
using GenAuth.Hexagonal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
var services = new ServiceCollection();
services.AddLogging(logging => logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
services.AddWechatTokenProvider(configuration.GetSection("Wechat"))
    .UseGenAuth(configuration.GetSection("GenAuth"))
    .AddCaching();
await using var provider = services.BuildServiceProvider();
provider.GetRequiredService<IStartupValidator>().Validate();

var tokens = provider.GetRequiredService<IWechatAppTokenProvider>();
var fetched = Stopwatch.StartNew();
var token = await tokens.GetAccessTokenAsync("mini");
fetched.Stop();
var cached = Stopwatch.StartNew();
var again = await tokens.GetAccessTokenAsync("mini");
cached.Stop();

var sinceStart = DateTime.Now - Process.GetCurrentProcess().StartTime;
Console.WriteLine($"token: {token.RedactedValue}, expires {token.ExpiresAt:O}");
Console.WriteLine($"first token after start: {sinceStart.TotalMilliseconds:F0} ms (fetch {fetched.Elapsed.TotalMilliseconds:F1} ms, cached {cached.Elapsed.TotalMicroseconds:F1} us)");
return ReferenceEquals(token, again) ? 0 : 1;
