using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace GenAuth.Hexagonal.Analyzers.Internal;

/// <summary>The <c>.editorconfig</c> options in force for one file, parsed once per distinct value.</summary>
internal sealed class AnalyzerSettings
{
    private static readonly char[] NameSeparators = { ',', ' ', '\t' };
    private static readonly char[] PatternSeparators = { ' ', '\t' };
    private static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>The settings when nothing is configured.</summary>
    public static readonly AnalyzerSettings Default = new(ImmutableArray<string>.Empty, ImmutableArray<Regex>.Empty);

    private AnalyzerSettings(ImmutableArray<string> extraSecretNames, ImmutableArray<Regex> extraPlaceholderPatterns)
    {
        ExtraSecretNames = extraSecretNames;
        ExtraPlaceholderPatterns = extraPlaceholderPatterns;
    }

    /// <summary>Extra secret names, normalized.</summary>
    public ImmutableArray<string> ExtraSecretNames { get; }

    /// <summary>Extra placeholder patterns; invalid ones are left out.</summary>
    public ImmutableArray<Regex> ExtraPlaceholderPatterns { get; }

    // The settings last read on this thread, for one file of one options provider: the analyzers' callbacks for a file
    // run one after another on a thread, and the provider's lookup by tree is much dearer than this comparison.
    [ThreadStatic]
    private static LastAnswer<AnalyzerSettings>? t_last;

    /// <summary>The settings for <paramref name="tree"/>, from <paramref name="provider"/> (the last answer on this thread is reused).</summary>
    [MethodImpl(Hot.AggressiveOptimization)]
    public static AnalyzerSettings For(
        AnalyzerConfigOptionsProvider provider,
        SyntaxTree tree,
        ConcurrentDictionary<(string, string), AnalyzerSettings> cache)
    {
        var last = t_last;
        if (LastAnswer<AnalyzerSettings>.IsFor(last, tree, provider))
        {
            return last!.Value;
        }

        var settings = Get(provider.GetOptions(tree), provider.GlobalOptions, cache);
        t_last = new LastAnswer<AnalyzerSettings>(tree, provider, settings);
        return settings;
    }

    /// <summary>Reads the settings for a file from its options, falling back to the global options.</summary>
    [MethodImpl(Hot.AggressiveOptimization)]
    public static AnalyzerSettings Get(
        AnalyzerConfigOptions fileOptions,
        AnalyzerConfigOptions globalOptions,
        ConcurrentDictionary<(string, string), AnalyzerSettings> cache)
    {
        var names = Read(fileOptions, globalOptions, AnalyzerOptionNames.ExtraSecretNames);
        var patterns = Read(fileOptions, globalOptions, AnalyzerOptionNames.ExtraPlaceholderPatterns);
        if (names.Length == 0 && patterns.Length == 0)
        {
            return Default;
        }

        return cache.GetOrAdd((names, patterns), static key => Parse(key.Item1, key.Item2));
    }

    /// <summary>Parses raw option values.</summary>
    public static AnalyzerSettings Parse(string names, string patterns)
    {
        var nameBuilder = ImmutableArray.CreateBuilder<string>();
        foreach (var name in names.Split(NameSeparators, StringSplitOptions.RemoveEmptyEntries))
        {
            var normalized = SecretNames.Normalize(name);
            if (normalized.Length > 0)
            {
                nameBuilder.Add(normalized);
            }
        }

        var patternBuilder = ImmutableArray.CreateBuilder<Regex>();
        foreach (var pattern in patterns.Split(PatternSeparators, StringSplitOptions.RemoveEmptyEntries))
        {
            try
            {
                patternBuilder.Add(new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, PatternTimeout));
            }
            catch (ArgumentException)
            {
                // An invalid pattern is ignored rather than breaking analysis.
            }
        }

        return new AnalyzerSettings(nameBuilder.ToImmutable(), patternBuilder.ToImmutable());
    }

    [MethodImpl(Hot.AggressiveOptimization)]
    private static string Read(AnalyzerConfigOptions fileOptions, AnalyzerConfigOptions globalOptions, string key)
    {
        if (fileOptions.TryGetValue(key, out var value) || globalOptions.TryGetValue(key, out value))
        {
            return value.Trim();
        }

        return string.Empty;
    }
}
