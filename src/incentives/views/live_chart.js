// A lab's chart, updated in place (the browser side of incentives.views.live.LiveChart).
//
// The model holds the chart's Vega-Lite spec without its data, the rows of its one dataset
// and its title. A new spec embeds the chart afresh; new rows or a new title only patch the
// drawn view: the rows replace the dataset's values and the title is a Vega-Lite param, so
// Vega recomputes the scales, axes and marks without parsing and compiling the spec again.
// A view opened later (a second output, a reloaded page) embeds from the same three values,
// so it always shows the latest data.
//
// No imports: vl-convert's javascript_bundle provides vegaEmbed (see live.py).

const TITLE = "incentives_title";

function withData(model) {
    const spec = structuredClone(model.get("spec"));
    spec.datasets = { [model.get("dataset")]: structuredClone(model.get("rows")) };
    spec.params = (spec.params ?? []).map((param) =>
        param.name === TITLE ? { ...param, value: model.get("title") } : param,
    );
    return spec;
}

async function render({ model, el }) {
    let result = null;
    let queue = Promise.resolve();
    // One step at a time, in order: a patch never races the embedding it patches.
    const enqueue = (step) => {
        queue = queue.then(step).catch((error) => {
            el.textContent = `This chart could not be drawn: ${error.message}`;
        });
    };
    const embed = async () => {
        if (result) result.finalize();
        result = await vegaEmbed(el, withData(model), model.get("embed_options") ?? {});
    };
    let patchQueued = false;
    const patch = () => {
        if (patchQueued) return; // rows and title arrive together: one redraw for both
        patchQueued = true;
        enqueue(async () => {
            patchQueued = false;
            if (!result) return;
            const view = result.view;
            view.data(model.get("dataset"), structuredClone(model.get("rows")));
            view.signal(TITLE, model.get("title"));
            await view.runAsync();
        });
    };
    model.on("change:spec", () => enqueue(embed));
    model.on("change:embed_options", () => enqueue(embed));
    model.on("change:rows", patch);
    model.on("change:title", patch);
    enqueue(embed);
    await queue;
    return () => {
        if (result) result.finalize();
    };
}

export default { render };
