namespace GenAuth.Hexagonal.Internal;

/// <summary>Validation shared by the value objects. Messages name the parameter and never echo the value.</summary>
internal static class CredentialValidation
{
    public static void Validate(string value, string parameterName, string what, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(value, parameterName);
        if (value.Length == 0)
        {
            throw new ArgumentException($"The {what} is empty. Set it in configuration.", parameterName);
        }

        if (value.Length > maxLength)
        {
            throw new ArgumentException(
                $"The {what} is {value.Length} characters long; at most {maxLength} are accepted. Check that the right value is configured.",
                parameterName);
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c is > ' ' and < (char)0x7F)
            {
                continue;
            }

            var kind = char.IsWhiteSpace(c) ? "a whitespace" : char.IsControl(c) ? "a control" : "a non-ASCII";
            var hint = char.IsWhiteSpace(c) || char.IsControl(c)
                ? " Values read from files or environment variables often carry a trailing newline or space: trim the value."
                : " Only printable ASCII characters are valid.";
            throw new ArgumentException(
                $"The {what} holds {kind} character at position {i}.{hint}",
                parameterName);
        }
    }
}
