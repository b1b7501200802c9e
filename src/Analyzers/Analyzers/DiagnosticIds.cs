namespace GenAuth.Hexagonal.Analyzers;

/// <summary>The rule ids reported by the GenAuth.Hexagonal analyzers.</summary>
public static class DiagnosticIds
{
    /// <summary><c>GAH001</c>: a hard-coded app secret or access key secret in code.</summary>
    public const string HardcodedSecretInCode = "GAH001";

    /// <summary><c>GAH002</c>: a hard-coded app secret or access key secret in an <c>appsettings*.json</c> file.</summary>
    public const string HardcodedSecretInConfigurationFile = "GAH002";

    /// <summary><c>GAH003</c>: a secret or a whole access token flows into a log, console output or an exception message.</summary>
    public const string SecretInLog = "GAH003";
}
