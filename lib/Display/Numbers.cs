using System.Globalization;

namespace AdvancedMl.Display;

/// <summary>Formats numbers the way every table and caption in the notebooks shows them (invariant culture).</summary>
public static class Numbers
{
    /// <summary>Formats a double with about 4 significant digits: plain notation from 0.001 to 1e6, otherwise "1.235e-05"-style; NaN and infinities spelled out.</summary>
    public static string Format(double value)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsPositiveInfinity(value)) return "∞";
        if (double.IsNegativeInfinity(value)) return "-∞";
        if (value == 0) return "0";
        double magnitude = Math.Abs(value);
        if (magnitude >= 1e6 || magnitude < 1e-3)
            return value.ToString("0.###e+00", CultureInfo.InvariantCulture);
        // Four significant digits, but never fewer digits than the integer part has.
        int decimals = Math.Clamp(3 - (int)Math.Floor(Math.Log10(magnitude)), 0, 6);
        string text = value.ToString(decimals == 0 ? "0" : "0." + new string('#', decimals), CultureInfo.InvariantCulture);
        return text == "-0" ? "0" : text;
    }

    /// <summary>Formats a single-precision value through its shortest decimal form, so 3.6f shows as 3.6.</summary>
    public static string Format(float value) => Format(Widen(value));

    /// <summary>Formats any value a table cell can hold: floating point via <see cref="Format(double)"/>, integers as they are, null as "null", everything else by invariant ToString.</summary>
    public static string FormatObject(object? value) => value switch
    {
        null => "null",
        double d => Format(d),
        float f => Format(f),
        decimal m => Format((double)m),
        bool b => b ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>Widens a float to the double that has the same shortest decimal representation (3.6f becomes 3.6, not 3.5999999046).</summary>
    internal static double Widen(float value) =>
        float.IsFinite(value)
            ? double.Parse(value.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)
            : value;

    /// <summary>True for the CLR numeric types a data frame column can hold.</summary>
    internal static bool IsNumericType(Type type) =>
        type == typeof(double) || type == typeof(float) || type == typeof(decimal) ||
        type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(sbyte) ||
        type == typeof(uint) || type == typeof(ulong) || type == typeof(ushort) || type == typeof(byte);

    /// <summary>The C# keyword for a column's element type (float, double, int, string ...), or the type's name.</summary>
    internal static string TypeName(Type type) => Type.GetTypeCode(type) switch
    {
        TypeCode.Double => "double",
        TypeCode.Single => "float",
        TypeCode.Decimal => "decimal",
        TypeCode.Int32 => "int",
        TypeCode.Int64 => "long",
        TypeCode.Int16 => "short",
        TypeCode.SByte => "sbyte",
        TypeCode.UInt32 => "uint",
        TypeCode.UInt64 => "ulong",
        TypeCode.UInt16 => "ushort",
        TypeCode.Byte => "byte",
        TypeCode.Boolean => "bool",
        TypeCode.Char => "char",
        TypeCode.String => "string",
        _ => type.Name,
    };
}
