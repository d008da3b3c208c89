.PHONY: demo test

# Run the main job (site.yml) on the example inventory against the local AWS sandbox.
demo:
	scripts/demo

# Run every test: unit, sandbox, sanity, lint, docs, integration, Molecule.
test:
	scripts/test
