using System.Runtime.CompilerServices;

namespace GenAuth.Hexagonal.Analyzers.Internal;

/// <summary>Code that runs for (nearly) every string, invocation or identifier of a compilation.</summary>
internal static class Hot
{
    /// <summary>
    /// <c>MethodImplOptions.AggressiveOptimization</c>, which netstandard2.0 does not name: the callbacks and loops that run
    /// for every node are compiled optimized at once instead of running as unoptimized tier-0 code through a build.
    /// </summary>
    public const MethodImplOptions AggressiveOptimization = (MethodImplOptions)512;
}
