namespace GenAuth.Hexagonal.Analyzers.Internal;

/// <summary>Where a constant value ends up.</summary>
internal enum SinkKind
{
    /// <summary>A local variable.</summary>
    Local,

    /// <summary>A field.</summary>
    Field,

    /// <summary>A property, through its initializer, an assignment or an object initializer.</summary>
    Property,

    /// <summary>An assignment to a member or variable (simple name or member access).</summary>
    AssignmentTarget,

    /// <summary>The value of an expression-bodied member or returned from a getter or method.</summary>
    ReturnedBy,

    /// <summary>A parameter's default value.</summary>
    ParameterDefault,

    /// <summary>An argument, named or positional.</summary>
    Argument,

    /// <summary>An anonymous-type member.</summary>
    AnonymousMember,

    /// <summary>A value stored under a configuration key in code (indexer, key/value pair, dictionary initializer).</summary>
    ConfigurationKey,

    /// <summary>An attribute argument.</summary>
    AttributeArgument,
}
