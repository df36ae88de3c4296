// The tests start producer and consumer threads on a 2-core machine; running test classes in parallel
// would only make every test slower and the spin-based strategies starve each other.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
