namespace GenAuth.Hexagonal.Internal;

/// <summary>Marks a service collection in which the GenAuth adapter's services are already registered.</summary>
internal sealed class GenAuthRegistrationMarker;
