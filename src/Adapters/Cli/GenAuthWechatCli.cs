using System.CommandLine;
using GenAuth.Hexagonal.Cli.Internal;

namespace GenAuth.Hexagonal.Cli;

/// <summary>
/// The <c>genauth-wechat</c> command line: <c>token</c> gets a WeChat access token through GenAuth (or straight from WeChat),
/// <c>demo</c> runs the whole stack against the built-in emulator, <c>emulator</c> runs the emulator alone.
/// </summary>
public static class GenAuthWechatCli
{
    /// <summary>Runs the command line.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="stdout">Where results go.</param>
    /// <param name="stderr">Where errors go (one line that says what to fix, never a secret).</param>
    /// <param name="getEnvironmentVariable">Reads secrets and key ids (<see cref="CliEnvironment"/>).</param>
    /// <param name="cancellationToken">Stops the command.</param>
    /// <returns>The process exit code (<see cref="CliExitCodes"/>).</returns>
    public static async Task<int> RunAsync(
        string[] args,
        TextWriter stdout,
        TextWriter stderr,
        Func<string, string?> getEnvironmentVariable,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);

        var root = new RootCommand("Get a WeChat Mini Program / Official Account access token through GenAuth or straight from WeChat.")
        {
            TokenCommand.Create(stdout, stderr, getEnvironmentVariable),
            DemoCommand.Create(stdout, stderr),
            EmulatorCommand.Create(stdout),
        };

        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0 && !IsHelpRequest(args))
        {
            // One line on stderr that never repeats a typed value (it may be a secret passed by mistake); stdout stays
            // empty so scripts reading --json never see usage text.
            await stderr.WriteLineAsync($"error: {CliArgumentErrors.Describe(parseResult, args)} Run 'genauth-wechat --help' for usage.").ConfigureAwait(false);
            return CliExitCodes.ConfigurationError;
        }

        var configuration = new InvocationConfiguration { Output = stdout, Error = stderr };
        return await parseResult.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }

    private static bool IsHelpRequest(string[] args) =>
        args.Any(a => a is "-h" or "--help" or "-?" or "/?" or "/h");
}
