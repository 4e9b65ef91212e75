"""The JSON report as pydantic models: what `--baseline` and `audit --from-reports` accept.

Reports are untrusted input (a pull request can add one), so every field is typed strictly;
keys this version does not know are ignored (new fields may come within a report version).
`schemas/report.schema.json` describes the same shape, and a test fails when they drift.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr

config = ConfigDict(extra="ignore", frozen=True)
Text = StrictStr | None


class Tool(BaseModel):
    model_config = config
    name: Literal["llm-choice"]
    version: StrictStr


class WaiverModel(BaseModel):
    model_config = config
    policy: StrictStr
    reason: StrictStr
    approved_by: StrictStr
    expires: StrictStr
    ref: StrictStr = ""


class FindingModel(BaseModel):
    model_config = config
    rule: StrictStr
    severity: Literal["error", "warning", "info"]
    message: StrictStr
    file: StrictStr
    line: StrictInt = Field(ge=1)
    column: StrictInt = Field(ge=1)
    pointer: StrictStr = ""
    waiver: WaiverModel | None = None


class Project(BaseModel):
    model_config = config
    name: Text = None
    owner: Text = None
    use: Text = None


class Data(BaseModel):
    model_config = config
    classification: Text = None


class Deployment(BaseModel):
    model_config = config
    mode: Text = None


class Review(BaseModel):
    model_config = config
    status: Text = None
    date: Text = None
    age_days: StrictInt | None = None
    due: Text = None


class Licence(BaseModel):
    model_config = config
    id: Text = None
    review: Review = Review()


class Catalogue(BaseModel):
    model_config = config
    key: StrictStr
    family: Text = None
    openness: Text = None


class Model(BaseModel):
    model_config = config
    id: StrictStr = Field(min_length=1)
    role: Text = None
    openness: Text = None
    deployment: Deployment = Deployment()
    licence: Licence = Licence()
    catalogue: Catalogue | None = None


class Monthly(BaseModel):
    model_config = config
    amount: StrictInt | float | None = Field(default=None, allow_inf_nan=False)
    currency: Text = None


class Cost(BaseModel):
    model_config = config
    monthly: Monthly | None = None


class DeclaredWaiverModel(BaseModel):
    model_config = config
    policy: StrictStr = Field(min_length=1)
    approved_by: Text = None
    expires: Text = None
    ref: Text = None


class DeclarationModel(BaseModel):
    model_config = config
    project: Project = Project()
    data: Data = Data()
    models: list[Model] = []
    cost: Cost | None = None
    waivers: list[DeclaredWaiverModel] = []


class FileModel(BaseModel):
    model_config = config
    file: StrictStr
    passed: StrictBool
    # added within report_version 1: the level the file was judged at
    fail_level: Literal["error", "warning", "info"] | None = None
    findings: list[FindingModel]
    # added within report_version 1: a report written before has none (a baseline does not
    # need it; an audit from reports does, and says so)
    declaration: DeclarationModel | None = None


class Summary(BaseModel):
    model_config = config
    files: StrictInt = Field(ge=0)
    failing_files: StrictInt = Field(ge=0)
    error: StrictInt = Field(ge=0)
    warning: StrictInt = Field(ge=0)
    info: StrictInt = Field(ge=0)
    waived: StrictInt = Field(ge=0)
    baselined: StrictInt = Field(ge=0)


class ReportModel(BaseModel):
    model_config = config
    report_version: Literal[1]
    tool: Tool
    # added within report_version 1: the repository the run checked, when it knew it
    repository: StrictStr | None = None
    fail_level: Literal["error", "warning", "info"]
    passed: StrictBool
    summary: Summary
    files: list[FileModel]
