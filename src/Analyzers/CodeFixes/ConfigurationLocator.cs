using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GenAuth.Hexagonal.Analyzers;

/// <summary>Finds an <c>IConfiguration</c> usable at a position: a parameter or local, a field or property, or <c>x.Configuration</c>.</summary>
internal static class ConfigurationLocator
{
    private const string ConfigurationNamespace = "Microsoft.Extensions.Configuration";

    /// <summary>The expression text to read configuration through, or <see langword="null"/> when none is in scope.</summary>
    public static string? Find(SemanticModel model, ExpressionSyntax value, CancellationToken cancellationToken)
    {
        // Field and property initializers cannot read instance members: use the environment there.
        for (var node = value.Parent; node is not null; node = node.Parent)
        {
            if (node is FieldDeclarationSyntax or PropertyDeclarationSyntax { Initializer: not null } or AttributeSyntax or ParameterSyntax)
            {
                if (node is PropertyDeclarationSyntax property && !property.Initializer!.Span.Contains(value.Span))
                {
                    break;
                }

                return null;
            }

            if (node is MemberDeclarationSyntax)
            {
                break;
            }
        }

        var position = value.SpanStart;
        var isStatic = IsStaticContext(model.GetEnclosingSymbol(position, cancellationToken));
        string? member = null;
        string? viaProperty = null;
        foreach (var symbol in model.LookupSymbols(position))
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (symbol)
            {
                case IParameterSymbol parameter:
                    if (IsConfiguration(parameter.Type))
                    {
                        return parameter.Name;
                    }

                    viaProperty ??= ViaConfigurationProperty(parameter.Name, parameter.Type);
                    break;
                case ILocalSymbol local when IsDeclaredBefore(local, value):
                    if (IsConfiguration(local.Type))
                    {
                        return local.Name;
                    }

                    viaProperty ??= ViaConfigurationProperty(local.Name, local.Type);
                    break;
                case IFieldSymbol field when (field.IsStatic || !isStatic) && !field.IsImplicitlyDeclared && IsConfiguration(field.Type):
                    member ??= field.Name;
                    break;
                case IPropertySymbol property when (property.IsStatic || !isStatic) && !property.IsIndexer && property.GetMethod is not null && IsConfiguration(property.Type):
                    member ??= property.Name;
                    break;
            }
        }

        return member ?? viaProperty;
    }

    private static bool IsStaticContext(ISymbol? symbol)
    {
        while (symbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction } function && !function.IsStatic)
        {
            symbol = function.ContainingSymbol;
        }

        return symbol is null || symbol.IsStatic;
    }

    private static bool IsDeclaredBefore(ILocalSymbol local, ExpressionSyntax value)
    {
        foreach (var reference in local.DeclaringSyntaxReferences)
        {
            var span = reference.Span;
            if (span.End > value.SpanStart || span.Contains(value.Span))
            {
                return false;
            }
        }

        return local.DeclaringSyntaxReferences.Length > 0;
    }

    private static string? ViaConfigurationProperty(string name, ITypeSymbol type)
    {
        foreach (var member in type.GetMembers("Configuration"))
        {
            if (member is IPropertySymbol { IsStatic: false, GetMethod: not null } property && IsConfiguration(property.Type))
            {
                return name + ".Configuration";
            }
        }

        return null;
    }

    private static bool IsConfiguration(ITypeSymbol type)
    {
        if (IsConfigurationInterface(type))
        {
            return true;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (IsConfigurationInterface(implemented))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsConfigurationInterface(ITypeSymbol type) =>
        type is INamedTypeSymbol { Name: "IConfiguration", TypeKind: TypeKind.Interface } named
        && named.ContainingNamespace.ToDisplayString() == ConfigurationNamespace;
}
