@_exported import QujatDocument
@_exported import QujatRender
@_exported import QujatTemplates
