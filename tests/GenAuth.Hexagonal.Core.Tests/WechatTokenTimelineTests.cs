using GenAuth.Hexagonal;

namespace GenAuth.Hexagonal.Core.Tests;

public class WechatTokenTimelineTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Create_7200SecondToken_SoftIs5MinutesAndHard30SecondsBeforeExpiry()
    {
        var timeline = WechatTokenTimeline.Create(Now, Now.AddSeconds(7200));

        timeline.RefreshAt.Should().Be(Now.AddSeconds(7200 - 300));
        timeline.HardExpiresAt.Should().Be(Now.AddSeconds(7200 - 30));
        timeline.Lifetime.Should().Be(TimeSpan.FromSeconds(7200));
    }

    [Fact]
    public void Create_300SecondToken_SoftIsAFifthAndHardATenthBeforeExpiry()
    {
        var timeline = WechatTokenTimeline.Create(Now, Now.AddSeconds(300));

        timeline.RefreshAt.Should().Be(Now.AddSeconds(300 - 60));
        timeline.HardExpiresAt.Should().Be(Now.AddSeconds(300 - 30));
    }

    [Fact]
    public void Create_60SecondToken_HardIsATenthBeforeExpiry()
    {
        var timeline = WechatTokenTimeline.Create(Now, Now.AddSeconds(60));

        timeline.RefreshAt.Should().Be(Now.AddSeconds(48));
        timeline.HardExpiresAt.Should().Be(Now.AddSeconds(54));
    }

    [Fact]
    public void Create_CustomMargins_AreCaps()
    {
        var timeline = WechatTokenTimeline.Create(Now, Now.AddSeconds(7200), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(1));

        timeline.RefreshAt.Should().Be(Now.AddSeconds(7200 - 600));
        timeline.HardExpiresAt.Should().Be(Now.AddSeconds(7200 - 60));
    }

    [Fact]
    public void Create_ExpiryInThePast_AllMomentsAtExpiry()
    {
        var timeline = WechatTokenTimeline.Create(Now, Now.AddSeconds(-5));

        timeline.RefreshAt.Should().Be(Now.AddSeconds(-5));
        timeline.HardExpiresAt.Should().Be(Now.AddSeconds(-5));
        timeline.StateAt(Now).Should().Be(WechatTokenState.Expired);
    }

    [Fact]
    public void Create_NegativeMargin_Throws()
    {
        var act = () => WechatTokenTimeline.Create(Now, Now.AddHours(2), TimeSpan.FromSeconds(-1), TimeSpan.Zero);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void StateAt_WalksThroughTheThreeMoments()
    {
        var timeline = WechatTokenTimeline.Create(Now, Now.AddSeconds(7200));

        timeline.StateAt(Now).Should().Be(WechatTokenState.Fresh);
        timeline.StateAt(timeline.RefreshAt.AddTicks(-1)).Should().Be(WechatTokenState.Fresh);
        timeline.StateAt(timeline.RefreshAt).Should().Be(WechatTokenState.RefreshAhead);
        timeline.StateAt(timeline.HardExpiresAt.AddTicks(-1)).Should().Be(WechatTokenState.RefreshAhead);
        timeline.StateAt(timeline.HardExpiresAt).Should().Be(WechatTokenState.Expired);
    }
}
