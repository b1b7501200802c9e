using System;

namespace GenAuth.Hexagonal.Analyzers.Internal;

/// <summary>
/// The answer last computed on a thread, for one or two keys compared by reference (a member and its analysis, a tree and
/// its options): the callbacks for one file or member run one after another on a thread and ask the same question. The keys
/// are held weakly, so that a thread of a long-lived host (an IDE) never keeps an old compilation's syntax trees, options or
/// analysis state alive through a <see cref="ThreadStaticAttribute"/> field.
/// </summary>
internal sealed class LastAnswer<T>
{
    private readonly WeakReference<object> _first;
    private readonly WeakReference<object>? _second;

    public LastAnswer(object first, object? second, T value)
    {
        _first = new WeakReference<object>(first);
        _second = second is null ? null : new WeakReference<object>(second);
        Value = value;
    }

    public T Value { get; }

    /// <summary>Whether <paramref name="last"/> holds the answer for these keys.</summary>
    public static bool IsFor(LastAnswer<T>? last, object first, object? second = null) =>
        last is not null
        && last._first.TryGetTarget(out var a) && ReferenceEquals(a, first)
        && (second is null
            ? last._second is null
            : last._second is not null && last._second.TryGetTarget(out var b) && ReferenceEquals(b, second));
}
