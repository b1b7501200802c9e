using GenAuth.Hexagonal.Adapters.Caching.Internal;

namespace GenAuth.Hexagonal.Adapters.Caching.Tests;

public sealed class RetryBackoffTests
{
    [Fact]
    public void Delay_JitterAndCap_StaysWithinBounds()
    {
        var options = new WechatTokenCachingOptions();
        var low = new RetryBackoff(options, () => 0);
        var high = new RetryBackoff(options, () => 0.999999);

        low.Delay(1).Should().Be(TimeSpan.FromSeconds(0.8));
        high.Delay(1).Should().BeCloseTo(TimeSpan.FromSeconds(1.2), TimeSpan.FromMilliseconds(1));
        low.Delay(3).Should().Be(TimeSpan.FromSeconds(3.2));
        high.Delay(100).Should().Be(TimeSpan.FromSeconds(30), "the backoff is bounded");
        low.Delay(100).Should().Be(TimeSpan.FromSeconds(24));
    }
}
