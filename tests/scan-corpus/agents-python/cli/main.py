import argparse

parser = argparse.ArgumentParser(description="Run the research agents")
parser.add_argument("--model", default="gpt-4o", help="the model to use (e.g. claude-3-5-sonnet)")
parser.add_argument("--dry-run", action="store_true")
args = parser.parse_args()
print(f"using {args.model}")
