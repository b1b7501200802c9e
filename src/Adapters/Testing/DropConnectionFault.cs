namespace GenAuth.Hexagonal.Testing;

/// <summary>Aborts the connection without a response. Created by <see cref="EmulatorFault.DropConnection"/>.</summary>
public sealed record DropConnectionFault : EmulatorFault;
