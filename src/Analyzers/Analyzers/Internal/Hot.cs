using System.Runtime.CompilerServices;

namespace GenAuth.Hexagonal.Analyzers.Internal;

/// <summary>Code that runs for (nearly) every string, invocation or identifier of a compilation.</summary>
internal static class Hot
{
    /// <summary>
    /// <c>MethodImplOptions.AggressiveOptimization</c>, which netstandard2.0 does not name: the callbacks and loops that run
    /// for every node are compiled optimized at once instead of running as unoptimized tier-0 code through a build.
    /// </summary>
    /// <remarks>
    /// In a compiler process the tiering queue is long (thousands of the compiler's own methods wait for tier 1), so a method
    /// of an analyzer that is not ahead-of-time compiled is jitted at tier 0, then again instrumented, and is never promoted
    /// before the build ends (seen with <c>DOTNET_JitStdOutFile</c> and <c>DOTNET_JitDisasmSummary=1</c>). Every method called
    /// per literal, per invocation or per sink therefore carries this attribute; one-off code does not, since a fully
    /// optimized compilation costs about a millisecond more than a tier-0 one.
    /// </remarks>
    public const MethodImplOptions AggressiveOptimization = (MethodImplOptions)512;
}
