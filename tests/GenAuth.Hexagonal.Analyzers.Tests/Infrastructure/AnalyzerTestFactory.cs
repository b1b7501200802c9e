using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace GenAuth.Hexagonal.Analyzers.Tests.Infrastructure;

/// <summary>Builds Microsoft.CodeAnalysis.Testing tests with the library stubs and .NET 8 reference assemblies.</summary>
internal static class AnalyzerTestFactory
{
    public static DiagnosticResult Gah001(int location, string member) =>
        new DiagnosticResult(DiagnosticIds.HardcodedSecretInCode, DiagnosticSeverity.Warning).WithLocation(location).WithArguments(member);

    public static DiagnosticResult Gah002(int location, string key, string fileName) =>
        new DiagnosticResult(DiagnosticIds.HardcodedSecretInConfigurationFile, DiagnosticSeverity.Warning)
            .WithLocation(location)
            .WithArguments(key, fileName);

    public static DiagnosticResult Gah003(int location, string member, string sink) =>
        new DiagnosticResult(DiagnosticIds.SecretInLog, DiagnosticSeverity.Warning).WithLocation(location).WithArguments(member, sink);

    public static CSharpAnalyzerTest<TAnalyzer, DefaultVerifier> Analyzer<TAnalyzer>(string source, params DiagnosticResult[] expected)
        where TAnalyzer : Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer, new()
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
        {
            ReferenceAssemblies = ReferenceAssemblies.Net.Net80,
            TestCode = source,
        };
        test.TestState.Sources.Add(("/0/LibraryStubs.cs", TestSources.LibraryStubs));
        test.ExpectedDiagnostics.AddRange(expected);
        return test;
    }

    public static Task VerifyAsync(string source, params DiagnosticResult[] expected) =>
        Analyzer<HardcodedSecretAnalyzer>(source, expected).RunAsync();

    public static CSharpCodeFixTest<HardcodedSecretAnalyzer, HardcodedSecretCodeFixProvider, DefaultVerifier> CodeFix(
        string source, string fixedSource, params DiagnosticResult[] expected) =>
        CodeFix<HardcodedSecretAnalyzer, HardcodedSecretCodeFixProvider>(source, fixedSource, expected);

    public static CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier> CodeFix<TAnalyzer, TCodeFix>(
        string source, string fixedSource, params DiagnosticResult[] expected)
        where TAnalyzer : Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer, new()
        where TCodeFix : Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider, new()
    {
        var test = new CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
        {
            ReferenceAssemblies = ReferenceAssemblies.Net.Net80,
            TestCode = source,
            FixedCode = fixedSource,
        };
        test.TestState.Sources.Add(("/0/LibraryStubs.cs", TestSources.LibraryStubs));
        test.FixedState.Sources.Add(("/0/LibraryStubs.cs", TestSources.LibraryStubs));
        test.ExpectedDiagnostics.AddRange(expected);
        return test;
    }
}
