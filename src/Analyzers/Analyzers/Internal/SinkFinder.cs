using System;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GenAuth.Hexagonal.Analyzers.Internal;

/// <summary>Finds, from syntax alone, where a value expression ends up.</summary>
internal static class SinkFinder
{
    private static readonly string[] ControlWords = { "TextBox", "Box", "Input", "Field", "Label", "Edit", "Entry", "Control" };

    /// <summary>
    /// Walks up from <paramref name="value"/> through parentheses, casts, <c>!</c>, <c>??</c> fallbacks,
    /// conditional branches and switch arms to the place it is stored or passed. Returns <see langword="null"/>
    /// when the value goes nowhere a secret could be kept (a comparison, a method's receiver, ...). On the way it notes
    /// the WeChat app id a switch arm or case label keys the value by, and the key of an environment or configuration
    /// read the value is the fallback of.
    /// </summary>
    [MethodImpl(Hot.AggressiveOptimization)]
    public static Sink? Find(ExpressionSyntax value, AnalyzerSettings settings)
    {
        SyntaxNode node = value;
        string? appIdKey = null;
        string? fallbackKey = null;
        for (var depth = 0; depth < 32; depth++)
        {
            var parent = node.Parent;
            switch (parent)
            {
                case ParenthesizedExpressionSyntax:
                case CastExpressionSyntax:
                case PostfixUnaryExpressionSyntax suppress when suppress.IsKind(SyntaxKind.SuppressNullableWarningExpression):
                case ConditionalExpressionSyntax conditional when conditional.Condition != node:
                    node = parent;
                    continue;
                case BinaryExpressionSyntax coalesce when coalesce.IsKind(SyntaxKind.CoalesceExpression) && coalesce.Right == node:
                    fallbackKey ??= ConfigurationReadKey(coalesce.Left);
                    node = parent;
                    continue;
                case SwitchExpressionArmSyntax arm when arm.Expression == node && arm.Parent is not null:
                    appIdKey ??= AppIdOf(arm.Pattern);
                    node = arm.Parent;
                    continue;
                case EqualsValueClauseSyntax equalsValue:
                    return Finish(FromEqualsValue(equalsValue), appIdKey, fallbackKey);
                case ArrowExpressionClauseSyntax arrow:
                    return Finish(FromReturningMember(arrow.Parent), appIdKey, fallbackKey);
                case ReturnStatementSyntax returnStatement:
                    appIdKey ??= AppIdOfCaseLabel(returnStatement);
                    return Finish(FromReturningMember(EnclosingMember(returnStatement)), appIdKey, fallbackKey);
                case AssignmentExpressionSyntax assignment when assignment.Right == node:
                    return Finish(FromAssignmentTarget(assignment.Left, settings), appIdKey, fallbackKey);
                case AnonymousObjectMemberDeclaratorSyntax member:
                    return Finish(
                        member.NameEquals is { } nameEquals
                            ? new Sink(nameEquals.Name.Identifier.ValueText, SinkKind.AnonymousMember, fixable: true)
                            : null,
                        appIdKey,
                        fallbackKey);
                case ArgumentSyntax argument:
                    return Finish(FromArgument(argument, settings), appIdKey, fallbackKey);
                case AttributeArgumentSyntax attributeArgument:
                    return FromAttributeArgument(attributeArgument);
                case InitializerExpressionSyntax initializer
                    when initializer.IsKind(SyntaxKind.ComplexElementInitializerExpression)
                         && initializer.Expressions.Count == 2
                         && initializer.Expressions[1] == node:
                    return Finish(FromKey(initializer.Expressions[0], settings, initializer, allowAppId: true), appIdKey, fallbackKey);
                default:
                    return Finish(null, appIdKey, fallbackKey);
            }
        }

        return null;
    }

    /// <summary>The literal key of an environment or configuration read: <c>GetEnvironmentVariable("K")</c>, <c>config["K"]</c>, <c>GetValue&lt;string&gt;("K")</c>, <c>GetSection("K").Value</c>.</summary>
    [MethodImpl(Hot.AggressiveOptimization)]
    internal static string? ConfigurationReadKey(ExpressionSyntax read)
    {
        while (read is ParenthesizedExpressionSyntax or CastExpressionSyntax or PostfixUnaryExpressionSyntax)
        {
            read = read switch
            {
                ParenthesizedExpressionSyntax parenthesized => parenthesized.Expression,
                CastExpressionSyntax cast => cast.Expression,
                PostfixUnaryExpressionSyntax postfix => postfix.Operand,
                _ => read,
            };
        }

        switch (read)
        {
            case ElementAccessExpressionSyntax { ArgumentList.Arguments.Count: 1 } elementAccess:
                // configuration.GetSection("Wechat")["Secret"] reads Wechat:Secret.
                var key = StringLiteral(elementAccess.ArgumentList.Arguments[0].Expression);
                return key is not null && elementAccess.Expression is InvocationExpressionSyntax getSection && MethodName(getSection) == "GetSection"
                    && ConfigurationReadKey(getSection) is { } prefix
                    ? prefix + ":" + key
                    : key;
            case InvocationExpressionSyntax { ArgumentList.Arguments.Count: >= 1 } invocation
                when MethodName(invocation) is "GetEnvironmentVariable" or "GetValue" or "GetSection":
                return StringLiteral(invocation.ArgumentList.Arguments[0].Expression);
            case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Value", Expression: InvocationExpressionSyntax section }:
                return ConfigurationReadKey(section);
            default:
                return null;
        }
    }

    [MethodImpl(Hot.AggressiveOptimization)]
    private static Sink? Finish(Sink? sink, string? appIdKey, string? fallbackKey)
    {
        if (sink is null)
        {
            if (appIdKey is null && fallbackKey is null)
            {
                return null;
            }

            sink = new Sink(null, SinkKind.Unnamed, fixable: true);
        }

        sink.AppIdKey ??= appIdKey;
        sink.FallbackKey = fallbackKey;
        return sink;
    }

    [MethodImpl(Hot.AggressiveOptimization)]
    private static Sink? FromEqualsValue(EqualsValueClauseSyntax equalsValue) => equalsValue.Parent switch
    {
        VariableDeclaratorSyntax { Parent.Parent: FieldDeclarationSyntax field } declarator =>
            new Sink(declarator.Identifier.ValueText, SinkKind.Field, fixable: !field.Modifiers.Any(SyntaxKind.ConstKeyword)),
        VariableDeclaratorSyntax { Parent.Parent: LocalDeclarationStatementSyntax local } declarator =>
            new Sink(declarator.Identifier.ValueText, SinkKind.Local, fixable: !local.IsConst),
        VariableDeclaratorSyntax declarator => new Sink(declarator.Identifier.ValueText, SinkKind.Local, fixable: true),
        PropertyDeclarationSyntax property => new Sink(property.Identifier.ValueText, SinkKind.Property, fixable: true),
        ParameterSyntax parameter => new Sink(parameter.Identifier.ValueText, SinkKind.ParameterDefault, fixable: false),
        _ => null,
    };

    private static SyntaxNode? EnclosingMember(SyntaxNode node)
    {
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case AccessorDeclarationSyntax:
                case BaseMethodDeclarationSyntax:
                case LocalFunctionStatementSyntax:
                case AnonymousFunctionExpressionSyntax:
                case BasePropertyDeclarationSyntax:
                case TypeDeclarationSyntax:
                    return current;
            }
        }

        return null;
    }

    private static Sink? FromReturningMember(SyntaxNode? member)
    {
        switch (member)
        {
            case PropertyDeclarationSyntax property:
                return new Sink(property.Identifier.ValueText, SinkKind.Property, fixable: true);
            case MethodDeclarationSyntax method:
                return new Sink(method.Identifier.ValueText, SinkKind.ReturnedBy, fixable: true);
            case LocalFunctionStatementSyntax localFunction:
                return new Sink(localFunction.Identifier.ValueText, SinkKind.ReturnedBy, fixable: true);
            case AccessorDeclarationSyntax accessor
                when accessor.IsKind(SyntaxKind.GetAccessorDeclaration)
                     && accessor.Parent?.Parent is PropertyDeclarationSyntax property:
                return new Sink(property.Identifier.ValueText, SinkKind.Property, fixable: true);
            default:
                return null;
        }
    }

    [MethodImpl(Hot.AggressiveOptimization)]
    private static Sink? FromAssignmentTarget(ExpressionSyntax target, AnalyzerSettings settings)
    {
        switch (target)
        {
            case IdentifierNameSyntax identifier:
                return new Sink(identifier.Identifier.ValueText, SinkKind.AssignmentTarget, fixable: true) { Target = identifier };
            case MemberAccessExpressionSyntax memberAccess:
                var name = memberAccess.Name.Identifier.ValueText;
                if (SecretNames.Classify(name, settings) == SecretNameKind.None
                    && LastName(memberAccess.Expression) is { } receiver
                    && SecretNames.Classify(WithoutControlWord(receiver), settings) != SecretNameKind.None)
                {
                    // A member of a receiver that holds the secret: hfAppSecret.Value, txtAppSecret.Text, AppSecretTextBox.Text.
                    return new Sink(WithoutControlWord(receiver), SinkKind.AssignmentTarget, fixable: true) { Display = receiver + "." + name };
                }

                return new Sink(name, SinkKind.AssignmentTarget, fixable: true) { Target = memberAccess };
            case MemberBindingExpressionSyntax memberBinding:
                return new Sink(memberBinding.Name.Identifier.ValueText, SinkKind.AssignmentTarget, fixable: true);
            case ElementAccessExpressionSyntax { ArgumentList.Arguments.Count: 1 } elementAccess:
                return FromKey(elementAccess.ArgumentList.Arguments[0].Expression, settings, elementAccess, allowAppId: true);
            case ImplicitElementAccessSyntax { ArgumentList.Arguments.Count: 1 } implicitAccess:
                return FromKey(implicitAccess.ArgumentList.Arguments[0].Expression, settings, implicitAccess, allowAppId: true);
            default:
                return null;
        }
    }

    [MethodImpl(Hot.AggressiveOptimization)]
    private static Sink? FromArgument(ArgumentSyntax argument, AnalyzerSettings settings)
    {
        if (argument.NameColon is { } nameColon)
        {
            return new Sink(nameColon.Name.Identifier.ValueText, SinkKind.Argument, fixable: true) { Target = nameColon.Name };
        }

        switch (argument.Parent)
        {
            case TupleExpressionSyntax tuple:
                return tuple.Arguments.Count == 2 && tuple.Arguments[1] == argument
                    ? FromKey(tuple.Arguments[0].Expression, settings, tuple, allowAppId: true)
                    : null;
            case BaseArgumentListSyntax list:
                // An indexer's positional argument is a key (configuration["..."], headers["..."]), not a secret's
                // destination: not worth binding.
                if (list is not ArgumentListSyntax arguments)
                {
                    return null;
                }

                if (KnownSdkCalls.SecretParameter(argument, arguments) is { } call)
                {
                    return new Sink(call, SinkKind.KnownSdkArgument, fixable: true);
                }

                // ("Wechat:AppSecret", "...") as in new KeyValuePair<string, string>(key, value), dictionary.Add(key, value),
                // KeyValuePair.Create(key, value), Environment.SetEnvironmentVariable(key, value); ("wx...", "...") for maps.
                if (arguments.Arguments.Count == 2
                    && arguments.Arguments[1] == argument
                    && FromKey(arguments.Arguments[0].Expression, settings, arguments.Parent, allowAppId: IsPairOrAdd(arguments.Parent)) is { } keyed)
                {
                    return keyed;
                }

                if ((FormatParameter(argument, arguments) ?? AppendedParameter(arguments)) is { } parameter)
                {
                    return new Sink(parameter, SinkKind.QueryParameter, fixable: false);
                }

                return new Sink(null, SinkKind.Argument, fixable: true, positionalArgument: argument);
            default:
                return null;
        }
    }

    /// <summary>The secret parameter a <c>string.Format</c> / <c>AppendFormat</c> argument fills (<c>"...&amp;secret={1}"</c>).</summary>
    [MethodImpl(Hot.AggressiveOptimization)]
    private static string? FormatParameter(ArgumentSyntax argument, ArgumentListSyntax list)
    {
        if (list.Parent is not InvocationExpressionSyntax invocation || MethodName(invocation) is not ("Format" or "AppendFormat"))
        {
            return null;
        }

        var index = list.Arguments.IndexOf(argument);
        for (var formatIndex = 0; formatIndex < 2 && formatIndex < index; formatIndex++)
        {
            if (StringLiteral(list.Arguments[formatIndex].Expression) is { } format)
            {
                return QueryStrings.MayHoldSecret(format) ? QueryStrings.FormatParameterBefore(format, index - formatIndex - 1) : null;
            }
        }

        return null;
    }

    /// <summary>The secret parameter a <c>StringBuilder</c> chain appends this value after (<c>.Append("&amp;secret=").Append("...")</c>).</summary>
    private static string? AppendedParameter(ArgumentListSyntax list) =>
        list.Arguments.Count == 1
        && list.Parent is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Append", Expression: InvocationExpressionSyntax previous } }
        && MethodName(previous) == "Append"
        && previous.ArgumentList.Arguments.Count == 1
        && StringLiteral(previous.ArgumentList.Arguments[0].Expression) is { } text
            ? QueryStrings.EndsWithSecretParameter(text)
            : null;

    /// <summary>A UI control's name without its control word: <c>AppSecretTextBox</c> is about <c>AppSecret</c>.</summary>
    private static string WithoutControlWord(string name)
    {
        foreach (var word in ControlWords)
        {
            if (name.Length > word.Length && name.EndsWith(word, StringComparison.OrdinalIgnoreCase))
            {
                return name.Substring(0, name.Length - word.Length);
            }
        }

        return name;
    }

    private static Sink? FromAttributeArgument(AttributeArgumentSyntax argument)
    {
        if (argument.NameEquals is { } nameEquals)
        {
            return new Sink(nameEquals.Name.Identifier.ValueText, SinkKind.AttributeArgument, fixable: false);
        }

        if (argument.NameColon is { } nameColon)
        {
            return new Sink(nameColon.Name.Identifier.ValueText, SinkKind.AttributeArgument, fixable: false);
        }

        return new Sink(null, SinkKind.AttributeArgument, fixable: false, positionalAttributeArgument: argument);
    }

    /// <summary>A configuration key whose name says secret, or a WeChat app id / WeCom corp id keying a map.</summary>
    [MethodImpl(Hot.AggressiveOptimization)]
    private static Sink? FromKey(ExpressionSyntax key, AnalyzerSettings settings, SyntaxNode? container, bool allowAppId)
    {
        if (StringLiteral(key) is not { } text)
        {
            return null;
        }

        if (SecretNames.ClassifyKey(text, settings) != SecretNameKind.None)
        {
            return new Sink(text, SinkKind.ConfigurationKey, fixable: true);
        }

        if (!allowAppId || !SecretValues.IsWechatId(text))
        {
            return null;
        }

        var map = container is null ? null : MapName(container);
        return new Sink(map, SinkKind.AppIdMap, fixable: true) { AppIdKey = text, Display = map + "[\"" + text + "\"]" };
    }

    /// <summary>The name of the dictionary, map method or property a key/value pair is written into, if there is one.</summary>
    private static string? MapName(SyntaxNode container)
    {
        switch (container)
        {
            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax add }:
                return LastName(add.Expression);
            case ElementAccessExpressionSyntax elementAccess:
                return LastName(elementAccess.Expression);
        }

        var node = container;
        for (var depth = 0; depth < 8 && node is not null; depth++, node = node.Parent)
        {
            switch (node)
            {
                case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }:
                    return declarator.Identifier.ValueText;
                case EqualsValueClauseSyntax { Parent: PropertyDeclarationSyntax property }:
                    return property.Identifier.ValueText;
                case AssignmentExpressionSyntax assignment when !assignment.Left.Span.Contains(container.Span):
                    return LastName(assignment.Left);
                case ArrowExpressionClauseSyntax { Parent: PropertyDeclarationSyntax property }:
                    return property.Identifier.ValueText;
                case ArrowExpressionClauseSyntax { Parent: MethodDeclarationSyntax method }:
                    return method.Identifier.ValueText;
                case StatementSyntax:
                case MemberDeclarationSyntax:
                    return null;
            }
        }

        return null;
    }

    /// <summary>A call that writes a key/value pair: <c>Add</c>, <c>TryAdd</c>, <c>KeyValuePair.Create</c>, <c>new KeyValuePair&lt;,&gt;</c>.</summary>
    [MethodImpl(Hot.AggressiveOptimization)]
    private static bool IsPairOrAdd(SyntaxNode? call) => call switch
    {
        InvocationExpressionSyntax invocation => MethodName(invocation) is "Add" or "TryAdd" or "Create" or "AddOrUpdate" or "Set",
        ObjectCreationExpressionSyntax { Type: GenericNameSyntax { Identifier.ValueText: "KeyValuePair" } } => true,
        ObjectCreationExpressionSyntax { Type: QualifiedNameSyntax { Right: GenericNameSyntax { Identifier.ValueText: "KeyValuePair" } } } => true,
        _ => false,
    };

    private static string? AppIdOf(PatternSyntax pattern) =>
        pattern is ConstantPatternSyntax constant && StringLiteral(constant.Expression) is { } text && SecretValues.IsWechatId(text)
            ? text
            : null;

    private static string? AppIdOfCaseLabel(ReturnStatementSyntax returnStatement)
    {
        var section = returnStatement.Parent as SwitchSectionSyntax ?? returnStatement.Parent?.Parent as SwitchSectionSyntax;
        if (section is null)
        {
            return null;
        }

        foreach (var label in section.Labels)
        {
            if (label is CaseSwitchLabelSyntax caseLabel && StringLiteral(caseLabel.Value) is { } text && SecretValues.IsWechatId(text))
            {
                return text;
            }
        }

        return null;
    }

    [MethodImpl(Hot.AggressiveOptimization)]
    private static string? StringLiteral(ExpressionSyntax expression) =>
        expression is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression) ? literal.Token.ValueText : null;

    private static string? MethodName(InvocationExpressionSyntax invocation) => invocation.Expression switch
    {
        MemberAccessExpressionSyntax memberAccess => memberAccess.Name.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => null,
    };

    private static string? LastName(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        MemberAccessExpressionSyntax memberAccess => memberAccess.Name.Identifier.ValueText,
        MemberBindingExpressionSyntax memberBinding => memberBinding.Name.Identifier.ValueText,
        _ => null,
    };
}
