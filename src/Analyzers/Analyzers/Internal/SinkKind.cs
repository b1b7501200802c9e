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

    /// <summary>The secret parameter of a well-known WeChat SDK call, matched by name (<c>AccessTokenContainer.Register</c>).</summary>
    KnownSdkArgument,

    /// <summary>A <c>secret=</c> parameter of a URL, query string or composite format string.</summary>
    QueryParameter,

    /// <summary>A value stored under a WeChat app id or WeCom corp id (dictionary, switch arm, case label).</summary>
    AppIdMap,

    /// <summary>Somewhere without a name (a lambda's result, ...): only the value's own context can say it is a secret.</summary>
    Unnamed,
}
