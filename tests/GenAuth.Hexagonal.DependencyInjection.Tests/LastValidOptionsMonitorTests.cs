using GenAuth.Hexagonal.DependencyInjection.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace GenAuth.Hexagonal.DependencyInjection.Tests;

public class LastValidOptionsMonitorTests
{
    [Fact]
    public void Constructor_InvalidFirstValue_ThrowsWithTheValidatorsMessages()
    {
        var act = () => Build(new Dictionary<string, string?> { ["Sample:Port"] = "0" }, out _);

        act.Should().Throw<OptionsValidationException>().WithMessage("*Sample:Port must be between 1 and 65535*");
    }

    [Fact]
    public void Reload_Valid_IsTakenAndListenersAreTold()
    {
        using var provider = Build(new Dictionary<string, string?> { ["Sample:Port"] = "80" }, out var source);
        var monitor = provider.GetRequiredService<LastValidOptionsMonitor<SampleOptions>>();
        var seen = new List<int>();
        using var registration = monitor.OnChange(o => seen.Add(o.Port));

        source.Reload(new Dictionary<string, string?> { ["Sample:Port"] = "443" });

        monitor.CurrentValue.Port.Should().Be(443);
        monitor.Version.Should().Be(1);
        seen.Should().Equal(443);
    }

    [Fact]
    public void Reload_Invalid_KeepsTheLastValidValueTellsNoListenerAndLogsOnce()
    {
        var logs = new FakeLogCollector();
        using var provider = Build(new Dictionary<string, string?> { ["Sample:Port"] = "80" }, out var source, logs);
        var monitor = provider.GetRequiredService<LastValidOptionsMonitor<SampleOptions>>();
        var seen = new List<int>();
        using var registration = monitor.OnChange(o => seen.Add(o.Port));

        source.Reload(new Dictionary<string, string?> { ["Sample:Port"] = "70000" });

        monitor.CurrentValue.Port.Should().Be(80);
        monitor.Version.Should().Be(0);
        seen.Should().BeEmpty();
        logs.GetSnapshot().Should().ContainSingle(r => r.Level == LogLevel.Warning)
            .Which.Message.Should().Contain("Sample:Port must be between 1 and 65535").And.NotContain("70000");
    }

    [Fact]
    public void Reload_ValueOfTheWrongType_IsIgnoredWithoutQuotingIt()
    {
        var logs = new FakeLogCollector();
        using var provider = Build(new Dictionary<string, string?> { ["Sample:Port"] = "80" }, out var source, logs);
        var monitor = provider.GetRequiredService<LastValidOptionsMonitor<SampleOptions>>();

        var act = () => source.Reload(new Dictionary<string, string?> { ["Sample:Port"] = "not-a-number-secretish" });

        act.Should().NotThrow("an invalid reload must not throw on the configuration's reload thread");
        monitor.CurrentValue.Port.Should().Be(80);
        logs.GetSnapshot().Should().ContainSingle(r => r.Level == LogLevel.Warning)
            .Which.Message.Should().NotContain("not-a-number-secretish");
    }

    [Fact]
    public void OnChange_Disposed_StopsTheCalls()
    {
        using var provider = Build(new Dictionary<string, string?> { ["Sample:Port"] = "80" }, out var source);
        var monitor = provider.GetRequiredService<LastValidOptionsMonitor<SampleOptions>>();
        var calls = 0;
        monitor.OnChange(_ => calls++).Dispose();

        source.Reload(new Dictionary<string, string?> { ["Sample:Port"] = "81" });

        calls.Should().Be(0);
        monitor.CurrentValue.Port.Should().Be(81);
    }

    private static ServiceProvider Build(Dictionary<string, string?> values, out ReloadableConfiguration source, FakeLogCollector? logs = null)
    {
        source = new ReloadableConfiguration(values);
        var configuration = new ConfigurationBuilder().Add(source).Build();
        var services = new ServiceCollection();
        if (logs is not null)
        {
            services.AddLogging(l => l.AddProvider(new FakeLoggerProvider(logs)));
        }

        services.AddOptions<SampleOptions>().Bind(configuration.GetSection("Sample"))
            .Validate(o => o.Port is >= 1 and <= 65535, "Sample:Port must be between 1 and 65535.");
        services.AddSingleton<LastValidOptionsMonitor<SampleOptions>>();
        var provider = services.BuildServiceProvider();
        _ = provider.GetRequiredService<LastValidOptionsMonitor<SampleOptions>>();
        return provider;
    }

    public sealed class SampleOptions
    {
        public int Port { get; set; }
    }
}
