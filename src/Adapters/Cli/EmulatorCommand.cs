using System.CommandLine;
using GenAuth.Hexagonal.Testing;

namespace GenAuth.Hexagonal.Cli;

/// <summary>
/// <c>genauth-wechat emulator</c>: runs the loopback emulator of GenAuth and WeChat until stopped (Ctrl+C or SIGTERM), for
/// tests and samples in other processes or languages. Prints its base address, nothing else; the emulator's default access key
/// and apps are the public constants of <c>WechatTokenEmulator</c> (fake values).
/// </summary>
internal static class EmulatorCommand
{
    public static Command Create(TextWriter stdout)
    {
        var readyFile = new Option<FileInfo?>("--ready-file")
        {
            Description = "Also write the base address to this file once the emulator listens (for scripts that wait for it).",
        };
        var command = new Command(
            "emulator",
            "Run the loopback emulator of GenAuth and WeChat on 127.0.0.1 (a free port) until stopped; prints its base address.")
        {
            readyFile,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(stdout, parse.GetValue(readyFile), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(TextWriter stdout, FileInfo? readyFile, CancellationToken cancellationToken)
    {
        await using var emulator = await WechatTokenEmulator.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var address = emulator.BaseAddress.ToString();
        await stdout.WriteLineAsync(address).ConfigureAwait(false);
        await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (readyFile is not null)
        {
            // Written whole, then renamed: a script polling for the file never reads half an address.
            var temporary = readyFile.FullName + ".tmp";
            await File.WriteAllTextAsync(temporary, address, cancellationToken).ConfigureAwait(false);
            File.Move(temporary, readyFile.FullName, overwrite: true);
        }

        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped: dispose the emulator and exit 0.
        }

        return CliExitCodes.Success;
    }
}
