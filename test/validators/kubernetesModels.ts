// Validates core Kubernetes objects with kubernetes-models (the OpenAPI schemas of the Kubernetes API),
// picking the model class by apiVersion and kind. The package is ESM-only, hence the dynamic import.
export async function validateKubeObject(obj: { apiVersion: string; kind: string }): Promise<void> {
    const [group, version] = obj.apiVersion.includes("/") ? obj.apiVersion.split("/") : [undefined, obj.apiVersion];
    const module = group ? `kubernetes-models/${group}/${version}/${obj.kind}` : `kubernetes-models/${version}/${obj.kind}`;
    const Model = (await import(module))[obj.kind];
    if (!Model) throw new Error(`no kubernetes-models class for ${obj.apiVersion} ${obj.kind}`);
    new Model(obj).validate();
}
