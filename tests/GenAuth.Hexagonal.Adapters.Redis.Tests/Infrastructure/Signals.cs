using System.Runtime.InteropServices;

namespace GenAuth.Hexagonal.Adapters.Redis.Tests.Infrastructure;

/// <summary>POSIX signals to a process (Linux numbering): pause, resume, kill.</summary>
internal static partial class Signals
{
    private const int SigKill = 9;
    private const int SigCont = 18;
    private const int SigStop = 19;

    public static void Stop(int pid) => Send(pid, SigStop);

    public static void Continue(int pid) => Send(pid, SigCont);

    public static void Kill(int pid) => Send(pid, SigKill);

    private static void Send(int pid, int signal)
    {
        if (pid > 0 && NativeKill(pid, signal) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            if (error != 3) // ESRCH: already gone
            {
                throw new InvalidOperationException($"kill({pid}, {signal}) failed with errno {error}.");
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int NativeKill(int pid, int signal);
}
