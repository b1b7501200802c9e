using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.IO;
using GenAuth.Hexagonal.Analyzers.Internal;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace GenAuth.Hexagonal.Analyzers;

/// <summary>
/// <c>GAH002</c>: an <c>appsettings*.json</c> file passed as an AdditionalFile (the package's build props add them)
/// holds a real-looking value under an <c>AppSecret</c> / <c>AccessKeySecret</c> key.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AppSettingsSecretAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Rules.HardcodedSecretInConfigurationFile);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            var cache = new ConcurrentDictionary<(string, string), AnalyzerSettings>();
            var options = start.Options.AnalyzerConfigOptionsProvider;
            start.RegisterAdditionalFileAction(file => Analyze(file, options, cache));
        });
    }

    /// <summary>Whether the file is an <c>appsettings*.json</c> file.</summary>
    internal static bool IsAppSettingsFile(string path)
    {
        var name = Path.GetFileName(path);
        return name.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase)
            && name.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
    }

    private static void Analyze(
        AdditionalFileAnalysisContext context,
        AnalyzerConfigOptionsProvider options,
        ConcurrentDictionary<(string, string), AnalyzerSettings> cache)
    {
        var file = context.AdditionalFile;
        if (!IsAppSettingsFile(file.Path))
        {
            return;
        }

        var text = file.GetText(context.CancellationToken);
        if (text is null)
        {
            return;
        }

        var settings = AnalyzerSettings.Get(options.GetOptions(file), options.GlobalOptions, cache);
        var fileName = Path.GetFileName(file.Path);
        foreach (var finding in JsonSecretReader.FindSecrets(text.ToString(), settings))
        {
            var location = Location.Create(file.Path, finding.Span, text.Lines.GetLinePositionSpan(finding.Span));
            context.ReportDiagnostic(Diagnostic.Create(Rules.HardcodedSecretInConfigurationFile, location, finding.Path, fileName));
        }
    }
}
