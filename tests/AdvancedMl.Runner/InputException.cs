namespace AdvancedMl.Runner;

/// <summary>Bad input (arguments, notebooks, folders): reported as one line on stderr, never a stack trace.</summary>
internal sealed class InputException(string message) : Exception(message);
