namespace GenAuth.Hexagonal.Testing.Internal;

/// <summary>An injected fault and how many more matching requests it applies to.</summary>
internal sealed class FaultRule(EmulatorFault fault, int remaining, string? pathPrefix)
{
    public EmulatorFault Fault { get; } = fault;

    public string? PathPrefix { get; } = pathPrefix;

    public int Remaining { get; set; } = remaining;
}
