import * as pulumi from "@pulumi/pulumi";

// Most arguments are plain strings (ids from config). Keeping derived values plain when their sources
// are lets a deployment register without an Output, promise and apply for each scope, name and id:
// at a hundred apps that is most of the library's cost over hand-written resources.

/** `f(value)`, plain when `value` is plain, an Output when it is one. */
export function lift<T, U>(value: pulumi.Input<T>, f: (t: T) => U): pulumi.Input<U> {
    if (pulumi.Output.isInstance(value) || value instanceof Promise) return pulumi.output(value).apply((v) => f(v as T)) as pulumi.Output<U>;
    return f(value as T);
}

/** `f(a, b)`, plain when both are plain. */
export function lift2<A, B, U>(a: pulumi.Input<A>, b: pulumi.Input<B>, f: (a: A, b: B) => U): pulumi.Input<U> {
    const plain = (v: unknown) => !pulumi.Output.isInstance(v) && !(v instanceof Promise);
    if (plain(a) && plain(b)) return f(a as A, b as B);
    return pulumi.all([a, b]).apply(([x, y]) => f(x as A, y as B)) as pulumi.Output<U>;
}
