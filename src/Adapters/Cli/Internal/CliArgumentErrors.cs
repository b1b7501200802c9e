using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace GenAuth.Hexagonal.Cli.Internal;

/// <summary>
/// Turns the parser's errors into the one stderr line the README promises, without ever echoing what was typed: a
/// secret passed by mistake (<c>--app-secret X</c>, a stray positional value, <c>--brand X</c>) must not reach a
/// terminal, a CI log or a shell history viewer through the error message.
/// </summary>
internal static class CliArgumentErrors
{
    private const string NotShown = "(value not shown)";

    public static string Describe(ParseResult parseResult, IReadOnlyList<string> args)
    {
        var known = KnownNames(parseResult.RootCommandResult.Command);
        var typed = args.Where(a => !known.Contains(a)).Distinct(StringComparer.Ordinal).OrderByDescending(a => a.Length).ToList();
        var unmatched = parseResult.UnmatchedTokens;
        var problems = new List<string>();
        foreach (var error in parseResult.Errors)
        {
            if (unmatched.Any(t => error.Message.Contains($"'{t}'", StringComparison.Ordinal)))
            {
                continue; // said above, without the token
            }

            var message = error.Message;
            foreach (var value in typed)
            {
                message = message.Replace($"'{value}'", NotShown, StringComparison.Ordinal);
                if (value.Length >= 4)
                {
                    message = message.Replace(value, NotShown, StringComparison.Ordinal);
                }
            }

            message = string.Join(' ', CliOutput.OneLine(message).Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)).TrimEnd('.');
            if (OptionOf(error.SymbolResult) is { } option && !message.Contains(option, StringComparison.Ordinal))
            {
                message = $"{option}: {message}";
            }

            if (!problems.Contains(message, StringComparer.Ordinal))
            {
                problems.Add(message);
            }
        }

        if (unmatched.Count > 0)
        {
            var positions = Positions(args, unmatched);
            problems.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"{unmatched.Count} unrecognised argument{(unmatched.Count == 1 ? string.Empty : "s")} (at position{(positions.Count == 1 ? string.Empty : "s")} {string.Join(", ", positions)}; not shown, in case one is a secret). Secrets are read only from the environment: {CliEnvironment.AppSecret}, {CliEnvironment.AccessKeyId}, {CliEnvironment.AccessKeySecret}"));
        }

        return string.Join(". ", problems) + ".";
    }

    private static string? OptionOf(SymbolResult? result) => result switch
    {
        OptionResult option => option.Option.Name,
        ArgumentResult { Parent: OptionResult option } => option.Option.Name,
        _ => null,
    };

    /// <summary>The 1-based positions of the unmatched tokens among the arguments.</summary>
    private static List<int> Positions(IReadOnlyList<string> args, IReadOnlyList<string> unmatched)
    {
        var pending = unmatched.GroupBy(t => t, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var positions = new List<int>();
        for (var i = args.Count - 1; i >= 0; i--)
        {
            if (pending.TryGetValue(args[i], out var left) && left > 0)
            {
                pending[args[i]] = left - 1;
                positions.Add(i + 1);
            }
        }

        positions.Reverse();
        return positions;
    }

    /// <summary>Command and option names and aliases: the only typed words an error may repeat.</summary>
    private static HashSet<string> KnownNames(Command root)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<Command>([root]);
        while (pending.Count > 0)
        {
            var command = pending.Pop();
            names.Add(command.Name);
            names.UnionWith(command.Aliases);
            foreach (var option in command.Options)
            {
                names.Add(option.Name);
                names.UnionWith(option.Aliases);
            }

            foreach (var sub in command.Subcommands)
            {
                pending.Push(sub);
            }
        }

        return names;
    }
}
