// The scheduler tests measure time on a shared 2-core machine: other test classes running beside them would
// only add noise to what they measure.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
