using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace GenAuth.Hexagonal.Reliability.Tests.Infrastructure;

/// <summary>
/// Collects every text the library lets out (log lines, exception messages and ToString() with inner exceptions,
/// metric tags, trace tags, CLI stderr, cache keys) and reports any that holds a secret or a whole token.
/// Listens to the <c>GenAuth.Hexagonal</c> meter and activity source (and <c>System.Net.Http</c>'s activities) while alive.
/// </summary>
internal sealed class LeakScanner : IDisposable
{
    private readonly ConcurrentQueue<(string Source, string Text)> _texts = new();
    private readonly ConcurrentDictionary<string, byte> _tokens = new(StringComparer.Ordinal);
    private readonly MeterListener _meters = new();
    private readonly ActivityListener _activities;

    public LeakScanner()
    {
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name.StartsWith("GenAuth", StringComparison.Ordinal) || instrument.Meter.Name.StartsWith("System.Net.Http", StringComparison.Ordinal))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<long>((instrument, _, tags, _) => AddTags("metric " + instrument.Name, tags));
        _meters.SetMeasurementEventCallback<double>((instrument, _, tags, _) => AddTags("metric " + instrument.Name, tags));
        _meters.SetMeasurementEventCallback<int>((instrument, _, tags, _) => AddTags("metric " + instrument.Name, tags));
        _meters.Start();
        _activities = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "GenAuth.Hexagonal" or "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = OnActivity,
        };
        ActivitySource.AddActivityListener(_activities);
    }

    public int Count => _texts.Count;

    public IEnumerable<string> Tokens => _tokens.Keys;

    /// <summary>How many collected texts came from a source starting with <paramref name="prefix"/> (e.g. <c>metric genauth.wechat_token.source.</c>).</summary>
    public int CountFrom(string prefix) => _texts.Count(t => t.Source.StartsWith(prefix, StringComparison.Ordinal));

    public void Add(string source, string? text)
    {
        if (!string.IsNullOrEmpty(text))
        {
            _texts.Enqueue((source, text));
        }
    }

    public void AddAll(string source, IEnumerable<string> texts)
    {
        foreach (var text in texts)
        {
            Add(source, text);
        }
    }

    public void AddException(string source, Exception? exception)
    {
        if (exception is not null)
        {
            AddAll(source, ExceptionTexts(exception));
        }
    }

    /// <summary>Remembers a whole token that must never appear.</summary>
    public void KnowToken(string? token)
    {
        if (!string.IsNullOrEmpty(token))
        {
            _tokens.TryAdd(token, 0);
        }
    }

    public static IEnumerable<string> ExceptionTexts(Exception exception)
    {
        yield return exception.ToString();
        var pending = new Stack<Exception>();
        pending.Push(exception);
        var seen = 0;
        while (pending.Count > 0 && seen++ < 100)
        {
            var e = pending.Pop();
            yield return e.GetType().FullName + ": " + e.Message;
            yield return e.ToString();
            foreach (System.Collections.DictionaryEntry entry in e.Data)
            {
                yield return entry.Key + "=" + entry.Value;
            }

            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    pending.Push(inner);
                }
            }
            else if (e.InnerException is not null)
            {
                pending.Push(e.InnerException);
            }
        }
    }

    /// <summary>The (source, what leaked) pairs; empty when nothing leaked.</summary>
    public IReadOnlyList<string> Leaks()
    {
        var secrets = TestSecrets.All.Select(s => (Kind: "secret", Value: s))
            .Concat(_tokens.Keys.Select(t => (Kind: "token", Value: t)))
            .ToList();
        var leaks = new List<string>();
        foreach (var (source, text) in _texts)
        {
            foreach (var (kind, value) in secrets)
            {
                if (text.Contains(value, StringComparison.Ordinal))
                {
                    leaks.Add($"{source}: a {kind} ({value[..Math.Min(6, value.Length)]}…) in \"{Shorten(text.Replace(value, "<LEAK>", StringComparison.Ordinal))}\"");
                }
            }
        }

        return leaks;
    }

    public void Dispose()
    {
        _meters.Dispose();
        _activities.Dispose();
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";

    private void AddTags(string source, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            Add(source, tag.Key + "=" + tag.Value);
        }
    }

    private void OnActivity(Activity activity)
    {
        var source = "activity " + activity.OperationName;
        Add(source, activity.DisplayName);
        Add(source, activity.StatusDescription);
        foreach (var tag in activity.TagObjects)
        {
            Add(source, tag.Key + "=" + tag.Value);
        }

        foreach (var e in activity.Events)
        {
            Add(source, e.Name);
            foreach (var tag in e.Tags)
            {
                Add(source, tag.Key + "=" + tag.Value);
            }
        }
    }
}
