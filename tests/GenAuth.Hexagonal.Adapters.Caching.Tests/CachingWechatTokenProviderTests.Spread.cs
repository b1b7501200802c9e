namespace GenAuth.Hexagonal.Adapters.Caching.Tests;

public sealed partial class CachingWechatTokenProviderTests
{
    [Fact]
    public async Task GetAccessTokenAsync_100DecoratorsOverOneApp_SoftMomentsSpreadOverAtLeastHalfTheWindowHardUnchanged()
    {
        // 100 instances fetch the same token (GenAuth hands every one the same absolute expiry). Each draws its soft moments
        // from its own random source (seeded here); the refresh-ahead window runs from 6900 s (expiresAt − 5 min) to the
        // hard moment at 7170 s (expiresAt − 30 s).
        var fixtures = Enumerable.Range(0, 100)
            .Select(i => new CacheFixture(o => o.SoftMomentSpread = new Random(i).NextDouble))
            .ToArray();
        var refreshes = fixtures.Select(f => f.Meters.Collect<long>(WechatTokenCachingDiagnostics.RefreshesInstrumentName)).ToArray();
        try
        {
            var tokens = new WechatAccessToken[fixtures.Length];
            for (var i = 0; i < fixtures.Length; i++)
            {
                tokens[i] = await fixtures[i].Provider.GetAccessTokenAsync(fixtures[i].Credentials);
                tokens[i].ExpiresAt.Should().Be(CacheFixture.Start + TimeSpan.FromHours(2));
                fixtures[i].Source.HoldFetches(); // background refreshes stay in flight: the served token stays the same
            }

            // Walk the window second by second; note when each instance's first call starts its background refresh.
            var softAt = new int?[fixtures.Length];
            Array.ForEach(fixtures, f => f.Time.Advance(TimeSpan.FromSeconds(6899)));
            for (var second = 6900; second < 7170; second++)
            {
                for (var i = 0; i < fixtures.Length; i++)
                {
                    fixtures[i].Time.Advance(TimeSpan.FromSeconds(1));
                    Sync.Result(fixtures[i].Provider.GetAccessTokenAsync(fixtures[i].Credentials)).Should().BeSameAs(tokens[i]);
                    if (softAt[i] is null && CacheFixture.Total(refreshes[i]) == 1)
                    {
                        softAt[i] = second;
                    }
                }
            }

            softAt.Should().OnlyContain(s => s != null, "every soft moment lies before the hard moment");
            var moments = softAt.Select(s => s!.Value).ToArray();
            (moments.Max() - moments.Min()).Should().BeGreaterThanOrEqualTo(135, "spread over at least half of the 270 s window");
            moments.Distinct().Count().Should().BeGreaterThan(50);

            // The hard moment is the same for all: at 7170 s every caller waits (for the refresh in flight).
            for (var i = 0; i < fixtures.Length; i++)
            {
                fixtures[i].Time.Advance(TimeSpan.FromSeconds(1));
                var call = fixtures[i].Provider.GetAccessTokenAsync(fixtures[i].Credentials).AsTask();
                call.IsCompleted.Should().BeFalse("instance {0} stops serving its token at the hard moment", i);
            }
        }
        finally
        {
            Array.ForEach(refreshes, r => r.Dispose());
            Array.ForEach(fixtures, f => f.Dispose());
        }
    }
}
