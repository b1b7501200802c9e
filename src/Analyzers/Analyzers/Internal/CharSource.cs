namespace GenAuth.Hexagonal.Analyzers.Internal;

/// <summary>Characters read by index, from a string or a buffer alike: the character tests are generic over it so that neither is copied.</summary>
internal interface ICharSource
{
    char this[int index] { get; }
}

/// <summary>The characters of a string.</summary>
internal readonly struct StringChars : ICharSource
{
    private readonly string _text;

    public StringChars(string text) => _text = text;

    public char this[int index] => _text[index];
}

/// <summary>The characters of a buffer.</summary>
internal readonly struct ArrayChars : ICharSource
{
    private readonly char[] _chars;

    public ArrayChars(char[] chars) => _chars = chars;

    public char this[int index] => _chars[index];
}
