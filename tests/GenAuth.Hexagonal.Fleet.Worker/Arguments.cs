using System.Globalization;

namespace GenAuth.Hexagonal.Fleet.Worker;

/// <summary><c>--name value</c> pairs.</summary>
internal sealed class Arguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public static Arguments Parse(string[] args)
    {
        var result = new Arguments();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            result._values[args[i].TrimStart('-')] = args[i + 1];
        }

        return result;
    }

    public string Get(string name, string fallback) => _values.TryGetValue(name, out var value) ? value : fallback;

    public int GetInt(string name, int fallback) =>
        _values.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
}
