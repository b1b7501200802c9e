using System.Globalization;
using GenAuth.Hexagonal.Adapters.Caching.Internal;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace GenAuth.Hexagonal.Adapters.Caching.Tests;

public sealed class StoreWarningsTests
{
    [Fact]
    public void RefusedAndEvicted_ManyInOneMinute_OneWarningAtOnceThenOneWithTheRest()
    {
        var time = new FakeTimeProvider(CacheFixture.Start);
        var logger = new FakeLogger();
        var warnings = new StoreWarnings(logger, "Fake", 3, time);
        List<FakeLogRecord> Logged() => [.. logger.Collector.GetSnapshot().Where(r => r.Id.Id == 1213)];
        static long Count(FakeLogRecord r, string name) => long.Parse(r.GetStructuredStateValue(name)!, CultureInfo.InvariantCulture);

        warnings.Refused();
        for (var i = 0; i < 99; i++)
        {
            warnings.Refused();
            warnings.Evicted();
        }

        Logged().Should().ContainSingle();
        (Count(Logged()[0], "Refused"), Count(Logged()[0], "Evicted")).Should().Be((1, 0));

        time.Advance(TimeSpan.FromSeconds(59));
        warnings.FlushIfDue();
        Logged().Should().HaveCount(1, "at most one Warning a minute");

        time.Advance(TimeSpan.FromSeconds(1));
        warnings.FlushIfDue();
        Logged().Should().HaveCount(2);
        (Count(Logged()[1], "Refused"), Count(Logged()[1], "Evicted")).Should().Be((99, 99));

        time.Advance(TimeSpan.FromMinutes(10));
        warnings.FlushIfDue();
        Logged().Should().HaveCount(2, "nothing to report");

        warnings.Evicted();
        Logged().Should().HaveCount(3, "after a quiet minute the first event is reported at once");
        warnings.Evicted();
        warnings.Flush();
        Logged().Should().HaveCount(4, "disposal flushes what is left");
        Count(Logged()[3], "Evicted").Should().Be(1);
    }
}
