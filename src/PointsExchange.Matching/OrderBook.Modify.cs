namespace PointsExchange.Matching;

public sealed partial class OrderBook
{
    /// <summary>Removes a resting order of the command's account. Events: Cancelled, or Rejected.</summary>
    private void Cancel<TSink>(in OrderCommand command, ref TSink sink)
        where TSink : IMatchEventSink
    {
        var reason = FindOwnOrder(in command, out var oi);
        if (reason != ReasonCode.None)
        {
            Reject(in command, reason, ref sink);
            return;
        }

        RemoveResting(oi, MatchEventKind.Cancelled, ReasonCode.CancelledByUser, ref sink);
    }

    /// <summary>
    /// Reduces a resting order's total quantity in place, keeping its time priority. A new quantity at
    /// or below what has filled cancels the rest. Events: Amended, Cancelled, or Rejected.
    /// </summary>
    private void Amend<TSink>(in OrderCommand command, ref TSink sink)
        where TSink : IMatchEventSink
    {
        var oi = Nil;
        var reason = command.OrderId <= 0 ? ReasonCode.InvalidOrderId
            : command.Quantity <= 0 ? ReasonCode.InvalidQuantity
            : FindOwnOrder(in command, out oi);
        if (reason == ReasonCode.None && command.Quantity >= _orders[oi].Quantity)
        {
            reason = ReasonCode.AmendMustReduce;
        }

        if (reason != ReasonCode.None)
        {
            Reject(in command, reason, ref sink);
            return;
        }

        ref var o = ref _orders[oi];
        if (command.Quantity <= o.Filled)
        {
            RemoveResting(oi, MatchEventKind.Cancelled, ReasonCode.AmendedBelowFilled, ref sink);
            return;
        }

        var previousRemaining = o.Remaining;
        _levels[o.Level].Quantity -= o.Quantity - command.Quantity;
        o.Quantity = command.Quantity;
        sink.OnEvent(new MatchEvent
        {
            Kind = MatchEventKind.Amended,
            Side = o.Side,
            OrderId = o.OrderId,
            AccountId = o.AccountId,
            Price = o.Price,
            Quantity = o.Quantity,
            Remaining = o.Remaining,
            PreviousPrice = o.Price,
            PreviousRemaining = previousRemaining,
        });
    }

    private ReasonCode FindOwnOrder(in OrderCommand command, out int oi)
    {
        oi = command.OrderId > 0 ? _orderIndex.Get(command.OrderId) : Nil;
        return command.OrderId <= 0 ? ReasonCode.InvalidOrderId
            : oi == Nil ? ReasonCode.UnknownOrder
            : _orders[oi].AccountId != command.AccountId ? ReasonCode.AccountMismatch
            : ReasonCode.None;
    }

    /// <summary>Takes a resting order off the book for good, with one event that says why.</summary>
    private void RemoveResting<TSink>(int oi, MatchEventKind kind, ReasonCode reason, ref TSink sink)
        where TSink : IMatchEventSink
    {
        ref var o = ref _orders[oi];
        sink.OnEvent(new MatchEvent
        {
            Kind = kind,
            Reason = reason,
            Side = o.Side,
            OrderId = o.OrderId,
            AccountId = o.AccountId,
            Price = o.Price,
            Quantity = o.Remaining,
        });
        Discard(oi);
    }

    /// <summary>Dequeues an order, forgets its id and returns its slot to the pool.</summary>
    private void Discard(int oi)
    {
        Dequeue(oi);
        _orderIndex.Remove(_orders[oi].OrderId);
        FreeOrder(oi);
    }
}
