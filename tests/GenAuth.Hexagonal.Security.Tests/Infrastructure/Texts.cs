using Microsoft.Extensions.Logging.Testing;

namespace GenAuth.Hexagonal.Security.Tests.Infrastructure;

/// <summary>Collects the texts the library lets out: exception chains and every log record (message, state, exception).</summary>
internal static class Texts
{
    public static IEnumerable<(string Source, string? Text)> Of(Exception? exception, string source = "exception")
    {
        var depth = 0;
        for (var e = exception; e is not null && depth < 20; e = e.InnerException, depth++)
        {
            yield return (source + " message", e.GetType().FullName + ": " + e.Message);
            yield return (source + " ToString", e.ToString());
            if (e is System.Text.Json.JsonException json)
            {
                yield return (source + " path", json.Path);
            }

            foreach (System.Collections.DictionaryEntry entry in e.Data)
            {
                yield return (source + " data", entry.Key + "=" + entry.Value);
            }
        }
    }

    public static IEnumerable<(string Source, string? Text)> Of(FakeLogCollector logs)
    {
        foreach (var record in logs.GetSnapshot())
        {
            var source = $"log {record.Category} {record.Id.Id}/{record.Id.Name}";
            yield return (source, record.Message);
            foreach (var (key, value) in record.StructuredState ?? [])
            {
                yield return (source + " state", key + "=" + value);
            }

            foreach (var text in Of(record.Exception, source + " exception"))
            {
                yield return text;
            }
        }
    }
}
