namespace PointsExchange.Matching;

public sealed partial class OrderBook
{
    private int AllocateOrder()
    {
        if (_freeOrder != Nil)
        {
            var free = _freeOrder;
            _freeOrder = _orders[free].Next;
            return free;
        }

        if (_ordersHighWater == _orders.Length)
        {
            Array.Resize(ref _orders, _orders.Length * 2);
        }

        return _ordersHighWater++;
    }

    private void FreeOrder(int oi)
    {
        _orders[oi] = default;
        _orders[oi].Next = _freeOrder;
        _freeOrder = oi;
    }

    /// <summary>Appends a pooled order to the back of a level's queue: it gets the lowest time priority there.</summary>
    private void Enqueue(int oi, int li)
    {
        ref var o = ref _orders[oi];
        ref var level = ref _levels[li];
        o.Level = li;
        o.Next = Nil;
        o.Prev = level.Tail;
        if (level.Tail == Nil)
        {
            level.Head = oi;
        }
        else
        {
            _orders[level.Tail].Next = oi;
        }

        level.Tail = oi;
        level.Quantity += o.Remaining;
        if (level.OrderCount++ == 0)
        {
            // The level wakes: it counts as live again and may be the new best.
            _dormantLevels--;
            ref var sideState = ref SideOf(level.Side);
            sideState.LevelCount++;
            if (sideState.Best == Nil || level.Key < _levels[sideState.Best].Key)
            {
                sideState.Best = li;
            }
        }
    }

    /// <summary>
    /// Takes an order out of its level's queue; the order stays in the pool and the id index. A level
    /// left empty goes dormant instead of being removed (see <see cref="_dormantLevels"/>), so this
    /// never restructures the level tree and is safe in the middle of matching.
    /// </summary>
    private void Dequeue(int oi)
    {
        ref var o = ref _orders[oi];
        var li = o.Level;
        ref var level = ref _levels[li];
        if (o.Prev == Nil)
        {
            level.Head = o.Next;
        }
        else
        {
            _orders[o.Prev].Next = o.Next;
        }

        if (o.Next == Nil)
        {
            level.Tail = o.Prev;
        }
        else
        {
            _orders[o.Next].Prev = o.Prev;
        }

        level.Quantity -= o.Remaining;
        o.Prev = o.Next = o.Level = Nil;
        if (--level.OrderCount == 0)
        {
            _dormantLevels++;
            ref var sideState = ref SideOf(level.Side);
            sideState.LevelCount--;
            if (sideState.Best == li)
            {
                // Best moves to the next live level. Dormant levels passed on the way are removed for
                // good, so no dormant level is ever walked over twice (this level itself stays dormant:
                // the matching loop still holds a ref to it).
                var next = level.Worse;
                while (next != Nil && _levels[next].OrderCount == 0)
                {
                    var after = _levels[next].Worse;
                    RemoveLevel(next);
                    next = after;
                }

                sideState.Best = next;
            }
        }
    }

    /// <summary>
    /// Removes every dormant level once they outnumber the live ones (and a floor), so a book whose
    /// prices wander does not keep empty levels for ever. Runs between commands only: amortised over
    /// the commands that emptied those levels, it costs O(log levels) each.
    /// </summary>
    private void PurgeDormantLevelsIfMany()
    {
        if (_dormantLevels <= Math.Max(DormantLevelFloor, _bids.LevelCount + _asks.LevelCount))
        {
            return;
        }

        for (var li = 0; li < _levelsHighWater; li++)
        {
            if (_levels[li].Key != 0 && _levels[li].OrderCount == 0)
            {
                RemoveLevel(li);
            }
        }
    }

    private int GetOrCreateLevel(Side side, long price)
    {
        var key = KeyOf(side, price);
        var li = _levelIndex.Get(key);
        if (li != Nil)
        {
            return li;
        }

        li = AllocateLevel();
        _levels[li] = new PriceLevel
        {
            Key = key,
            Price = price,
            Side = side,
            Head = Nil,
            Tail = Nil,
            Left = Nil,
            Right = Nil,
            Priority = PriorityOf(key),
        };

        ref var sideState = ref SideOf(side);
        var better = Nil;
        var worse = Nil;
        TreapInsert(ref sideState.Root, li, ref better, ref worse);

        ref var level = ref _levels[li];
        level.Better = better;
        level.Worse = worse;
        if (better != Nil)
        {
            _levels[better].Worse = li;
        }

        if (worse != Nil)
        {
            _levels[worse].Better = li;
        }

        // Born empty, hence dormant; the first Enqueue wakes it.
        _dormantLevels++;
        _levelIndex.Add(key, li);
        return li;
    }

    /// <summary>Physically removes a dormant level from the map, the tree and the sorted list.</summary>
    private void RemoveLevel(int li)
    {
        ref var level = ref _levels[li];
        ref var sideState = ref SideOf(level.Side);
        TreapDelete(ref sideState.Root, level.Key);
        if (level.Better != Nil)
        {
            _levels[level.Better].Worse = level.Worse;
        }

        if (level.Worse != Nil)
        {
            _levels[level.Worse].Better = level.Better;
        }

        _dormantLevels--;
        _levelIndex.Remove(level.Key);
        level = default;
        level.Left = _freeLevel;
        _freeLevel = li;
    }

    private int AllocateLevel()
    {
        if (_freeLevel != Nil)
        {
            var free = _freeLevel;
            _freeLevel = _levels[free].Left;
            return free;
        }

        if (_levelsHighWater == _levels.Length)
        {
            Array.Resize(ref _levels, _levels.Length * 2);
        }

        return _levelsHighWater++;
    }

    // Treap keyed by level key (smaller = better), heap-ordered by Priority. Only level creation and
    // removal touch it; matching and depth walk the Better/Worse list instead. Callers grow the pool
    // before calling, so the refs into _levels held across the recursion stay valid.

    /// <summary>Inserts a level and reports its in-order neighbours: the last ancestors where the
    /// descent turned right (next better) and left (next worse).</summary>
    private void TreapInsert(ref int root, int node, ref int better, ref int worse)
    {
        if (root == Nil)
        {
            root = node;
            return;
        }

        var levels = _levels;
        if (levels[node].Key < levels[root].Key)
        {
            worse = root;
            TreapInsert(ref levels[root].Left, node, ref better, ref worse);
            if (levels[levels[root].Left].Priority > levels[root].Priority)
            {
                RotateRight(ref root);
            }
        }
        else
        {
            better = root;
            TreapInsert(ref levels[root].Right, node, ref better, ref worse);
            if (levels[levels[root].Right].Priority > levels[root].Priority)
            {
                RotateLeft(ref root);
            }
        }
    }

    private void TreapDelete(ref int root, long key)
    {
        var levels = _levels;
        ref var node = ref levels[root];
        if (key < node.Key)
        {
            TreapDelete(ref node.Left, key);
        }
        else if (key > node.Key)
        {
            TreapDelete(ref node.Right, key);
        }
        else if (node.Left == Nil)
        {
            root = node.Right;
        }
        else if (node.Right == Nil)
        {
            root = node.Left;
        }
        else if (levels[node.Left].Priority > levels[node.Right].Priority)
        {
            RotateRight(ref root);
            TreapDelete(ref levels[root].Right, key);
        }
        else
        {
            RotateLeft(ref root);
            TreapDelete(ref levels[root].Left, key);
        }
    }

    private void RotateRight(ref int root)
    {
        var levels = _levels;
        var left = levels[root].Left;
        levels[root].Left = levels[left].Right;
        levels[left].Right = root;
        root = left;
    }

    private void RotateLeft(ref int root)
    {
        var levels = _levels;
        var right = levels[root].Right;
        levels[root].Right = levels[right].Left;
        levels[right].Left = root;
        root = right;
    }

    /// <summary>A well-mixed function of the key (splitmix64's finaliser): deterministic, so the same
    /// commands build the same tree, yet prices in a row do not degenerate it into a list.</summary>
    private static uint PriorityOf(long key)
    {
        var z = (ulong)key + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (uint)((z ^ (z >> 31)) >> 32);
    }
}
