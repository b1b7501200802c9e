using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GenAuth.Hexagonal.Analyzers.Internal;

/// <summary>
/// What the analyzers need to know about a compilation's declarations before they look at code: the <c>const</c> string
/// fields whose value looks like a secret (GAH001 follows their uses) and the methods declared with
/// <c>[LoggerMessage]</c> (GAH003 treats their calls as log calls). Built once per compilation, from declarations only
/// (never method bodies), and shared by the analyzers.
/// </summary>
internal sealed class DeclarationIndex
{
    private static readonly ConditionalWeakTable<Compilation, Lazy<DeclarationIndex>> Cache = new();

    private NameScanner? _candidateConstantScanner;

    private DeclarationIndex(HashSet<string> candidateConstants, HashSet<string> loggerMessageMethods)
    {
        CandidateConstants = candidateConstants;
        LoggerMessageMethods = loggerMessageMethods;
    }

    /// <summary>Names of <c>const</c> string fields with a secret-looking value and a name that does not say secret.</summary>
    public HashSet<string> CandidateConstants { get; }

    /// <summary>A finder of <see cref="CandidateConstants"/> in a file's text (made on first use).</summary>
    public NameScanner CandidateConstantScanner =>
        _candidateConstantScanner ??= new NameScanner(CandidateConstants);

    /// <summary>Names of methods declared with <c>[LoggerMessage]</c>.</summary>
    public HashSet<string> LoggerMessageMethods { get; }

    /// <summary>The index of <paramref name="compilation"/>, built on first use.</summary>
    public static DeclarationIndex Get(Compilation compilation) =>
        Cache.GetValue(compilation, static c => new Lazy<DeclarationIndex>(() => Build(c), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    private static DeclarationIndex Build(Compilation compilation)
    {
        var constants = new HashSet<string>(StringComparer.Ordinal);
        var loggerMessages = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (tree.GetRoot() is CompilationUnitSyntax root)
            {
                Add(root.Members, constants, loggerMessages);
            }
        }

        return new DeclarationIndex(constants, loggerMessages);
    }

    [MethodImpl(Hot.AggressiveOptimization)]
    private static void Add(SyntaxList<MemberDeclarationSyntax> members, HashSet<string> constants, HashSet<string> loggerMessages)
    {
        foreach (var member in members)
        {
            switch (member)
            {
                case BaseNamespaceDeclarationSyntax ns:
                    Add(ns.Members, constants, loggerMessages);
                    break;
                case TypeDeclarationSyntax type:
                    Add(type.Members, constants, loggerMessages);
                    break;
                case FieldDeclarationSyntax field when field.Modifiers.Any(SyntaxKind.ConstKeyword):
                    foreach (var declarator in field.Declaration.Variables)
                    {
                        if (declarator.Initializer?.Value is { } initializer
                            && (initializer is LiteralExpressionSyntax literal
                                ? SecretValues.HasSecretShape(literal.Token.ValueText)
                                : ContainsStringLiteral(initializer))
                            && SecretNames.Classify(declarator.Identifier.ValueText, AnalyzerSettings.Default) == SecretNameKind.None)
                        {
                            constants.Add(declarator.Identifier.ValueText);
                        }
                    }

                    break;
                case MethodDeclarationSyntax method when method.AttributeLists.Count > 0 && HasLoggerMessageAttribute(method):
                    loggerMessages.Add(method.Identifier.ValueText);
                    break;
            }
        }
    }

    private static bool HasLoggerMessageAttribute(MethodDeclarationSyntax method)
    {
        foreach (var list in method.AttributeLists)
        {
            foreach (var attribute in list.Attributes)
            {
                var name = attribute.Name switch
                {
                    QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
                    SimpleNameSyntax simple => simple.Identifier.ValueText,
                    AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
                    _ => string.Empty,
                };
                if (name is "LoggerMessage" or "LoggerMessageAttribute")
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Whether an expression holds a string literal of any kind (plain, verbatim, raw, interpolated).</summary>
    [MethodImpl(Hot.AggressiveOptimization)]
    internal static bool ContainsStringLiteral(ExpressionSyntax expression)
    {
        if (expression is InterpolatedStringExpressionSyntax)
        {
            return true;
        }

        foreach (var token in expression.DescendantTokens())
        {
            if (IsStringToken(token))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a token is a string literal or the start of an interpolated string.</summary>
    internal static bool IsStringToken(SyntaxToken token)
    {
        switch (token.Kind())
        {
            case SyntaxKind.StringLiteralToken:
            case SyntaxKind.InterpolatedStringStartToken:
            case SyntaxKind.InterpolatedVerbatimStringStartToken:
            case SyntaxKind.InterpolatedSingleLineRawStringStartToken:
            case SyntaxKind.InterpolatedMultiLineRawStringStartToken:
            case SyntaxKind.SingleLineRawStringLiteralToken:
            case SyntaxKind.MultiLineRawStringLiteralToken:
                return true;
            default:
                return false;
        }
    }
}
