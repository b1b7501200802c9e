using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GenAuth.Hexagonal.Analyzers.Internal;

/// <summary>
/// Decides whether code around a node is about WeChat, WeCom, GenAuth or Authing, which makes WeChat's own parameter
/// name <c>secret</c> (<see cref="SecretNameKind.Contextual"/>) a secret. The context says so when:
/// <list type="bullet">
/// <item>an enclosing type or namespace, or the type being initialized, says it as whole words
/// (<see cref="NameWords.SayWechat"/>);</item>
/// <item>the outermost enclosing type (or the file, for top-level code) holds a WeChat app id or WeCom corp id, a
/// <c>weixin.qq.com</c> or <c>qyapi</c> URL, or names a well-known WeChat SDK entry point (matched in its text);</item>
/// <item>the member the value is stored in belongs to such a type (semantic, only when the cheaper checks fail).</item>
/// </list>
/// One instance per compilation: the scan of a type is cached.
/// </summary>
internal sealed class WechatContext
{
    /// <summary>Names of WeChat SDK types and methods whose presence says the code talks to WeChat (Senparc and the like).</summary>
    private static readonly HashSet<string> SdkNames = new(StringComparer.Ordinal)
    {
        "AccessTokenContainer", "JsApiTicketContainer", "ComponentContainer", "ProviderTokenContainer", "CommonApi", "OAuthApi",
        "SnsApi", "RegisterMpAccount", "RegisterWxOpenAccount", "RegisterWorkAccount", "RegisterOpenComponent",
    };

    private readonly ConcurrentDictionary<SyntaxNode, bool> _scopes = new();

    /// <summary>Whether the code around <paramref name="node"/> says WeChat; <paramref name="target"/> (optional) is bound last.</summary>
    public bool Holds(SyntaxNode node, ExpressionSyntax? target, SemanticModel? model, CancellationToken cancellationToken)
    {
        SyntaxNode? scope = null;
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case ObjectCreationExpressionSyntax { Initializer: { } initializer } creation
                    when initializer.Span.Contains(node.Span) && NameWords.SayWechat(LastName(creation.Type)):
                    return true;
                case BaseTypeDeclarationSyntax type:
                    if (NameWords.SayWechat(type.Identifier.ValueText))
                    {
                        return true;
                    }

                    scope = type;
                    break;
                case BaseNamespaceDeclarationSyntax ns:
                    if (NameWords.SayWechat(ns.Name.ToString()))
                    {
                        return true;
                    }

                    break;
                case CompilationUnitSyntax unit:
                    scope ??= unit;
                    break;
            }
        }

        if (scope is not null && _scopes.GetOrAdd(scope, static s => ScopeMentionsWechat(s)))
        {
            return true;
        }

        if (target is null || model is null)
        {
            return false;
        }

        var symbol = model.GetSymbolInfo(target, cancellationToken).Symbol;
        return symbol?.ContainingType is { } containingType && TypeSaysWechat(containingType);
    }

    /// <summary>Whether a type, one of its containing types, or its namespace says WeChat.</summary>
    public static bool TypeSaysWechat(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (NameWords.SayWechat(current.Name))
            {
                return true;
            }
        }

        return type.ContainingNamespace is { IsGlobalNamespace: false } ns && NameWords.SayWechat(ns.ToDisplayString());
    }

    /// <summary>Whether a string holds a WeChat app id, a WeCom corp id, or a WeChat / WeCom API host.</summary>
    public static bool TextMentionsWechat(string text)
    {
        if (text.IndexOf("weixin.qq.com", StringComparison.OrdinalIgnoreCase) >= 0
            || text.IndexOf("qyapi", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            return true;
        }

        for (var i = text.IndexOf('w'); i >= 0 && i + 18 <= text.Length; i = text.IndexOf('w', i + 1))
        {
            if ((i == 0 || !char.IsLetterOrDigit(text[i - 1]))
                && SecretValues.IsWechatIdAt(text, i)
                && (i + 18 == text.Length || !char.IsLetterOrDigit(text[i + 18])))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a type's (or file's) text holds a WeChat id, a WeChat / WeCom API host or a WeChat SDK name.</summary>
    private static bool ScopeMentionsWechat(SyntaxNode scope)
    {
        var text = scope.SyntaxTree.GetText().ToString(scope.Span);
        if (TextMentionsWechat(text))
        {
            return true;
        }

        foreach (var name in SdkNames)
        {
            if (text.IndexOf(name, StringComparison.Ordinal) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private static string LastName(TypeSyntax type) => type switch
    {
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
        _ => type.ToString(),
    };
}
