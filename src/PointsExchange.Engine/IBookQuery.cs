namespace PointsExchange.Engine;

/// <summary>
/// A completion that reads a book: the match stage calls <see cref="Capture"/> on its own thread, where
/// reading the book is safe; the caller is told after the slot passed the commit stage.
/// </summary>
public interface IBookQuery : ICommandCompletion
{
    /// <summary>Copies what the caller needs. Match thread: must be quick, must not block.</summary>
    void Capture(PairBook pair);
}
