using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GenAuth.Hexagonal.Analyzers.Internal;

/// <summary>
/// Well-known WeChat SDK calls whose second argument is the app secret or corp secret, matched by name from syntax
/// (the analyzer references no SDK): Senparc's containers and APIs (<c>AccessTokenContainer.Register(appId, appSecret)</c>,
/// <c>CommonApi.GetToken(appId, secret)</c>, <c>OAuthApi.GetAccessToken(appId, secret, code)</c>,
/// <c>SnsApi.JsCode2Json(appId, secret, jsCode)</c>, <c>RegisterMpAccount(appId, appSecret, name)</c>), and token calls
/// such as WeCom's <c>GetToken(corpId, corpSecret)</c> whose first argument is an app id or corp id; Authing's
/// <c>new ManagementClient(userPoolId, secret)</c>.
/// </summary>
internal static class KnownSdkCalls
{
    private static readonly Dictionary<string, HashSet<string>> ByReceiver = new(StringComparer.Ordinal)
    {
        ["AccessTokenContainer"] = Set(
            "Register", "RegisterAsync", "GetAccessToken", "GetAccessTokenAsync", "TryGetAccessToken", "TryGetAccessTokenAsync",
            "GetAccessTokenResult", "GetAccessTokenResultAsync", "GetToken", "GetTokenAsync", "TryGetToken", "TryGetTokenAsync",
            "GetTokenResult", "GetTokenResultAsync", "BuildingKey"),
        ["JsApiTicketContainer"] = Set(
            "Register", "RegisterAsync", "GetJsApiTicket", "GetJsApiTicketAsync", "TryGetJsApiTicket", "TryGetJsApiTicketAsync"),
        ["ProviderTokenContainer"] = Set("Register", "RegisterAsync", "TryGetToken", "TryGetTokenAsync"),
        ["ComponentContainer"] = Set("Register", "RegisterAsync"),
        ["CommonApi"] = Set("GetToken", "GetTokenAsync", "GetTicket", "GetTicketAsync"),
        ["OAuthApi"] = Set("GetAccessToken", "GetAccessTokenAsync"),
        ["SnsApi"] = Set("JsCode2Json", "JsCode2JsonAsync"),
    };

    private static readonly HashSet<string> AnyReceiver = Set(
        "RegisterMpAccount", "RegisterWxOpenAccount", "RegisterWorkAccount", "RegisterOpenComponent");

    /// <summary>Token calls whose second argument is the secret when the first is an app id or corp id.</summary>
    private static readonly HashSet<string> TokenCalls = Set(
        "GetToken", "GetTokenAsync", "GetAccessToken", "GetAccessTokenAsync", "GetStableAccessToken", "GetStableAccessTokenAsync",
        "GetStableToken", "GetStableTokenAsync", "JsCode2Json", "JsCode2JsonAsync", "Code2Session", "Code2SessionAsync");

    /// <summary>
    /// What the message shows (<c>AccessTokenContainer.Register(secret)</c>) when <paramref name="argument"/> is the secret
    /// argument of a well-known WeChat call; otherwise <see langword="null"/>.
    /// </summary>
    public static string? SecretParameter(ArgumentSyntax argument, ArgumentListSyntax list)
    {
        if (list.Arguments.Count < 2 || list.Arguments[1] != argument || list.Arguments[0].NameColon is not null)
        {
            return null;
        }

        // Authing's ManagementClient(userPoolId, secret).
        if (list.Parent is ObjectCreationExpressionSyntax { Type: var type }
            && LastName(type) == "ManagementClient"
            && IsUserPoolIdArgument(list.Arguments[0].Expression))
        {
            return "ManagementClient(secret)";
        }

        if (list.Parent is not InvocationExpressionSyntax invocation)
        {
            return null;
        }

        string method;
        string? receiver = null;
        switch (invocation.Expression)
        {
            case MemberAccessExpressionSyntax memberAccess:
                method = memberAccess.Name.Identifier.ValueText;
                receiver = LastName(memberAccess.Expression);
                break;
            case SimpleNameSyntax simple:
                method = simple.Identifier.ValueText;
                break;
            default:
                return null;
        }

        if (receiver is not null && ByReceiver.TryGetValue(receiver, out var methods) && methods.Contains(method))
        {
            return receiver + "." + method + "(secret)";
        }

        if (AnyReceiver.Contains(method) || (TokenCalls.Contains(method) && IsAppIdArgument(list.Arguments[0].Expression)))
        {
            return method + "(secret)";
        }

        return null;
    }

    private static bool IsAppIdArgument(ExpressionSyntax expression)
    {
        if (expression is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression))
        {
            return SecretValues.IsWechatId(literal.Token.ValueText);
        }

        var name = LastName(expression);
        if (name is null)
        {
            return false;
        }

        var normalized = SecretNames.Normalize(name);
        return normalized.EndsWith("APPID", StringComparison.Ordinal) || normalized.EndsWith("CORPID", StringComparison.Ordinal);
    }

    /// <summary>A GenAuth / Authing user pool id: 24 lower-case hex digits, or a name that says so.</summary>
    private static bool IsUserPoolIdArgument(ExpressionSyntax expression)
    {
        if (expression is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression))
        {
            var text = literal.Token.ValueText;
            if (text.Length != 24)
            {
                return false;
            }

            foreach (var c in text)
            {
                if (c is not (>= '0' and <= '9' or >= 'a' and <= 'f'))
                {
                    return false;
                }
            }

            return true;
        }

        return LastName(expression) is { } name && SecretNames.Normalize(name).EndsWith("USERPOOLID", StringComparison.Ordinal);
    }

    private static string? LastName(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        MemberAccessExpressionSyntax memberAccess => memberAccess.Name.Identifier.ValueText,
        GenericNameSyntax generic => generic.Identifier.ValueText,
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        _ => null,
    };

    private static HashSet<string> Set(params string[] names) => new(names, StringComparer.Ordinal);
}
