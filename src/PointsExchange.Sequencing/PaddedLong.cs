using System.Runtime.InteropServices;

namespace PointsExchange.Sequencing;

/// <summary>
/// A long with 56 bytes of padding on each side (120 bytes in all), the storage of <see cref="Sequence"/>.
/// </summary>
/// <remarks>
/// A struct because the runtime honours <see cref="StructLayoutAttribute.Size"/> for value types but not
/// for classes: an explicit-layout class with the value at offset 56 came out at 80 bytes (measured by
/// <c>SequenceTests</c>), leaving nothing behind the value. Embedded in a class, this struct gives the
/// object a 120-byte field block, so nothing but the object's own padding lies within 56 bytes (plus the
/// 8-byte method table or next object header) of the value: no other object's data shares its cache line.
/// </remarks>
[StructLayout(LayoutKind.Explicit, Size = 120)]
internal struct PaddedLong
{
    [FieldOffset(56)]
    public long Value;
}
