namespace GenAuth.Hexagonal.Testing;

/// <summary>Waits, then answers normally. Created by <see cref="EmulatorFault.Latency"/>.</summary>
/// <param name="Delay">How long to wait (real time).</param>
public sealed record LatencyFault(TimeSpan Delay) : EmulatorFault;
