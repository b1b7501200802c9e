using System.CommandLine.Parsing;

namespace GenAuth.Hexagonal.Cli.Internal;

internal static class CliParsing
{
    /// <summary>Parses kebab-case words ("management-token") into enum members (ManagementToken).</summary>
    public static T ParseEnum<T>(ArgumentResult result, params string[] words)
        where T : struct, Enum
    {
        var text = result.Tokens.Count == 0 ? words[0] : result.Tokens[0].Value;
        if (Enum.TryParse<T>(text.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var value))
        {
            return value;
        }

        // The value typed is not repeated: it may be a secret passed by mistake.
        result.AddError($"{(result.Parent as System.CommandLine.Parsing.OptionResult)?.Option.Name ?? "the value"} must be one of: {string.Join(", ", words)}.");
        return default;
    }

    /// <summary>Drops the " (Parameter 'x')" suffix that ArgumentException appends.</summary>
    public static string WithoutParameterSuffix(string message) => message.Split(" (Parameter", 2)[0];
}
