using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GenAuth.Hexagonal.Analyzers.Internal;

/// <summary>Finds, from syntax alone, where a value expression ends up.</summary>
internal static class SinkFinder
{
    /// <summary>
    /// Walks up from <paramref name="value"/> through parentheses, casts, <c>!</c>, <c>??</c> fallbacks,
    /// conditional branches and switch arms to the place it is stored or passed. Returns <see langword="null"/>
    /// when the value goes nowhere a secret could be kept (a comparison, a method's receiver, ...).
    /// </summary>
    public static Sink? Find(ExpressionSyntax value, AnalyzerSettings settings)
    {
        SyntaxNode node = value;
        for (var depth = 0; depth < 32; depth++)
        {
            var parent = node.Parent;
            switch (parent)
            {
                case ParenthesizedExpressionSyntax:
                case CastExpressionSyntax:
                case PostfixUnaryExpressionSyntax suppress when suppress.IsKind(SyntaxKind.SuppressNullableWarningExpression):
                case ConditionalExpressionSyntax conditional when conditional.Condition != node:
                case BinaryExpressionSyntax coalesce when coalesce.IsKind(SyntaxKind.CoalesceExpression) && coalesce.Right == node:
                    node = parent;
                    continue;
                case SwitchExpressionArmSyntax arm when arm.Expression == node && arm.Parent is not null:
                    node = arm.Parent;
                    continue;
                case EqualsValueClauseSyntax equalsValue:
                    return FromEqualsValue(equalsValue);
                case ArrowExpressionClauseSyntax arrow:
                    return FromReturningMember(arrow.Parent);
                case ReturnStatementSyntax returnStatement:
                    return FromReturningMember(EnclosingMember(returnStatement));
                case AssignmentExpressionSyntax assignment when assignment.Right == node:
                    return FromAssignmentTarget(assignment.Left, settings);
                case AnonymousObjectMemberDeclaratorSyntax member:
                    return member.NameEquals is { } nameEquals
                        ? new Sink(nameEquals.Name.Identifier.ValueText, SinkKind.AnonymousMember, fixable: true)
                        : null;
                case ArgumentSyntax argument:
                    return FromArgument(argument, settings);
                case AttributeArgumentSyntax attributeArgument:
                    return FromAttributeArgument(attributeArgument);
                case InitializerExpressionSyntax initializer
                    when initializer.IsKind(SyntaxKind.ComplexElementInitializerExpression)
                         && initializer.Expressions.Count == 2
                         && initializer.Expressions[1] == node:
                    return FromKey(initializer.Expressions[0], settings);
                default:
                    return null;
            }
        }

        return null;
    }

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

    private static Sink? FromAssignmentTarget(ExpressionSyntax target, AnalyzerSettings settings) => target switch
    {
        IdentifierNameSyntax identifier => new Sink(identifier.Identifier.ValueText, SinkKind.AssignmentTarget, fixable: true),
        MemberAccessExpressionSyntax memberAccess => new Sink(memberAccess.Name.Identifier.ValueText, SinkKind.AssignmentTarget, fixable: true),
        MemberBindingExpressionSyntax memberBinding => new Sink(memberBinding.Name.Identifier.ValueText, SinkKind.AssignmentTarget, fixable: true),
        ElementAccessExpressionSyntax { ArgumentList.Arguments.Count: 1 } elementAccess => FromKey(elementAccess.ArgumentList.Arguments[0].Expression, settings),
        ImplicitElementAccessSyntax { ArgumentList.Arguments.Count: 1 } implicitAccess => FromKey(implicitAccess.ArgumentList.Arguments[0].Expression, settings),
        _ => null,
    };

    private static Sink? FromArgument(ArgumentSyntax argument, AnalyzerSettings settings)
    {
        if (argument.NameColon is { } nameColon)
        {
            return new Sink(nameColon.Name.Identifier.ValueText, SinkKind.Argument, fixable: true);
        }

        switch (argument.Parent)
        {
            case TupleExpressionSyntax tuple:
                return tuple.Arguments.Count == 2 && tuple.Arguments[1] == argument
                    ? FromKey(tuple.Arguments[0].Expression, settings)
                    : null;
            case BaseArgumentListSyntax list:
                // ("Wechat:AppSecret", "...") as in new KeyValuePair<string, string>(key, value), dictionary.Add(key, value),
                // KeyValuePair.Create(key, value), Environment.SetEnvironmentVariable(key, value).
                if (list.Arguments.Count == 2 && list.Arguments[1] == argument && FromKey(list.Arguments[0].Expression, settings) is { } keyed)
                {
                    return keyed;
                }

                // An indexer's positional argument is a key (configuration["..."], headers["..."]), not a secret's
                // destination: not worth binding.
                return list is BracketedArgumentListSyntax
                    ? null
                    : new Sink(null, SinkKind.Argument, fixable: true, positionalArgument: argument);
            default:
                return null;
        }
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

    private static Sink? FromKey(ExpressionSyntax key, AnalyzerSettings settings)
    {
        if (key is LiteralExpressionSyntax literal
            && literal.IsKind(SyntaxKind.StringLiteralExpression)
            && SecretNames.IsSecretName(literal.Token.ValueText, settings))
        {
            return new Sink(literal.Token.ValueText, SinkKind.ConfigurationKey, fixable: true);
        }

        return null;
    }
}
