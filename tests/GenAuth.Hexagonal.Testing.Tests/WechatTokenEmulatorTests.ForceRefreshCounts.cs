namespace GenAuth.Hexagonal.Testing.Tests;

/// <summary>The emulator counts forced refreshes per app, and those its limits refused, so tests can hold a client to WeChat's rules.</summary>
public sealed partial class WechatTokenEmulatorTests
{
    [Fact]
    public async Task ForceRefreshCount_CountsForcedCallsAndRefusedOnes_NotNormalOnes_AndResetsWithTheCounters()
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        var emulator = fixture.Emulator;

        await StableTokenAsync(fixture);                      // normal: not counted
        await StableTokenAsync(fixture, forceRefresh: true);  // granted
        await StableTokenAsync(fixture, forceRefresh: true);  // 45011: too soon
        await StableTokenAsync(fixture, forceRefresh: true, secret: "fake-wrong-app-secret-for-tests"); // 40125: not counted

        emulator.ForceRefreshCount(AppId).Should().Be(2);
        emulator.RefusedForceRefreshCount(AppId).Should().Be(1);

        emulator.ResetCounters();
        emulator.ForceRefreshCount(AppId).Should().Be(0);
        emulator.RefusedForceRefreshCount(AppId).Should().Be(0);

        // The limits themselves are not reset: WeChat still remembers today's forced call.
        (await StableTokenAsync(fixture, forceRefresh: true)).GetProperty("errcode").GetInt32().Should().Be(WechatErrorCodes.MinuteQuotaReached);
        emulator.RefusedForceRefreshCount(AppId).Should().Be(1);
    }

    [Fact]
    public async Task ForceRefreshCount_UnknownApp_ThrowsNamingIt()
    {
        await using var fixture = await EmulatorFixture.StartAsync();

        var act = () => fixture.Emulator.ForceRefreshCount("wx0000000000unknown");

        act.Should().Throw<ArgumentException>().WithMessage("*wx0000000000unknown*");
    }
}
